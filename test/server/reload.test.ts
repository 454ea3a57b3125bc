import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { isCorslabError } from '../../src/errors.ts'
import { contextOf } from '../../src/server/create-server.ts'
import { createServer, startServer, type RunningServer } from '../../src/server/index.ts'
import { sampleYaml } from '../scenarios/sample.ts'
import { send, values } from './http.ts'

const named = (name: string, acao = 'https://one.example') => sampleYaml
  .replace('name: sample', `name: ${name}`)
  .replace(/policy:[\s\S]*?probe:/, `policy:\n  cors:\n    origin: ${acao}\nprobe:`)

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

function scenarioDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'corslab-user-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

// The server's log as an event source: every reload, kept catalog or fallback is one line.
function serverLog() {
  const lines: string[] = []
  let wake = () => {}
  return {
    lines,
    log: (line: string) => {
      lines.push(line)
      wake()
    },
    /** Resolves once `check` holds, checking again after each line the server logs (the test's timeout ends a wait that never does). */
    async until(check: () => Promise<boolean> | boolean): Promise<void> {
      for (;;) {
        const seen = lines.length
        if (await check()) return
        if (lines.length === seen) await new Promise<void>((resolve) => (wake = resolve))
      }
    },
  }
}

const acao = async (server: RunningServer, name: string) =>
  values((await send(`${server.url}/@${name}/api/items`, { headers: [['origin', 'http://localhost:3000']] })).lines, 'access-control-allow-origin')

test('user scenarios are served beside the built-ins, and edits reload them', async () => {
  const dir = scenarioDir({ 'mine.yaml': named('mine') })
  const { lines: log, log: logLine, until } = serverLog()
  const server = await startServer({ port: 0, pagePort: false, scenariosDir: dir, scenario: 'mine', log: logLine })
  cleanups.push(() => server.close())
  expect(await acao(server, 'mine')).toEqual(['https://one.example'])
  expect(await acao(server, 'allow-all')).toEqual(['http://localhost:3000'])

  writeFileSync(join(dir, 'mine.yaml'), named('mine', 'https://two.example'))
  writeFileSync(join(dir, 'other.yaml'), named('other', 'https://three.example'))
  await until(async () => (await acao(server, 'mine'))[0] === 'https://two.example' && (await acao(server, 'other')).length === 1)
  expect(await acao(server, 'other')).toEqual(['https://three.example'])
  expect(log.some((l) => l.includes(`reloaded ${dir}`))).toBe(true)
})

test('a broken file is reported and the last good catalog keeps serving, whole', async () => {
  const dir = scenarioDir({ 'mine.yaml': named('mine'), 'second.yaml': named('second', 'https://second.example') })
  const { lines: log, log: logLine, until } = serverLog()
  const server = await startServer({ port: 0, pagePort: false, scenariosDir: dir, log: logLine })
  cleanups.push(() => server.close())

  // One file fixed up, one broken: nothing of the new state may be served.
  writeFileSync(join(dir, 'second.yaml'), named('second', 'https://changed.example'))
  writeFileSync(join(dir, 'mine.yaml'), named('mine').replace('repeat: 2', 'repeat: 0'))
  await until(async () => log.some((l) => l.includes('kept the last good catalog')))
  const report = log.find((l) => l.includes('kept the last good catalog'))!
  expect(report).toContain(join(dir, 'mine.yaml'))
  expect(report).toMatch(/probe\.repeat: must be a whole number from 1 to 10/)
  expect(await acao(server, 'mine')).toEqual(['https://one.example'])
  expect(await acao(server, 'second')).toEqual(['https://second.example'])

  writeFileSync(join(dir, 'mine.yaml'), named('mine', 'https://fixed.example'))
  await until(async () => (await acao(server, 'mine'))[0] === 'https://fixed.example')
  expect(await acao(server, 'second')).toEqual(['https://changed.example'])
})

test('when the active scenario disappears, the server falls back to allow-all and says so', async () => {
  const dir = scenarioDir({ 'mine.yaml': named('mine') })
  const log: string[] = []
  const app = createServer({ scenariosDir: dir, scenario: 'mine', log: (l) => log.push(l) })
  cleanups.push(() => app.close())
  rmSync(join(dir, 'mine.yaml'))
  expect(contextOf(app).state.reload()).toBe(true)
  expect(contextOf(app).state.active.name).toBe('allow-all')
  expect(log.join('\n')).toMatch(/active scenario mine is gone/)
})

test('a broken scenario directory at start is an error naming the file', () => {
  const dir = scenarioDir({ 'bad.yaml': 'name: bad\n' })
  try {
    createServer({ scenariosDir: dir })
    expect.unreachable()
  } catch (error) {
    expect(isCorslabError(error, 'E_SCENARIO_INVALID')).toBe(true)
    expect((error as Error).message).toContain(join(dir, 'bad.yaml'))
    expect((error as Error).message).toMatch(/title: is required/)
  }
})

test('a user scenario may not take a built-in name', () => {
  const dir = scenarioDir({ 'allow-all.yaml': named('allow-all') })
  expect(() => createServer({ scenariosDir: dir })).toThrow(/has the name of a built-in scenario/)
})
