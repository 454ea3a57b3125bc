import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { routesYaml } from './backend.ts'
import { scenariosOverHttp } from './scenarios-http.ts'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

scenariosOverHttp('a --routes file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corslab-routes-'))
  dirs.push(dir)
  writeFileSync(join(dir, 'routes.yaml'), routesYaml)
  return { options: { routes: join(dir, 'routes.yaml') } }
})
