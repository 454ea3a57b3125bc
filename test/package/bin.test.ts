import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

// bin/corslab.js, the package's binary, runs the built CLI (dist/, which `npm test` builds first).
const root = fileURLToPath(new URL('../../', import.meta.url))
const node = `${root}node_modules/.bin/node`

function run(args: string[]): Promise<{ code: number | null, out: string }> {
  const child = spawn(node, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (c) => (out += c))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })))
}

test('bin/corslab.js runs the built CLI', async () => {
  expect(existsSync(`${root}dist/cli/main.js`), 'dist/ is missing: run npm run build first').toBe(true)
  const proc = await run([`${root}bin/corslab.js`, 'list', '--json'])
  expect(proc.code).toBe(0)
  expect(JSON.parse(proc.out).length).toBeGreaterThanOrEqual(28)
})
