import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

// The CLI as a real process: Node 24 from the devDependency, running the TypeScript entry (and, for
// the shim, the built dist/ that `npm test` builds first).
const root = fileURLToPath(new URL('../../', import.meta.url))
const node = `${root}node_modules/.bin/node`
const main = `${root}src/cli/main.ts`

function start(args: string[]): { child: ChildProcess, out: () => string, err: () => string, exit: Promise<number | null> } {
  const child = spawn(node, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout!.on('data', (c) => (out += c))
  child.stderr!.on('data', (c) => (err += c))
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, out: () => out, err: () => err, exit }
}

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 25))
  }
}

const readyLine = /^corslab listening on http:\/\/127\.0\.0\.1:(\d+) \(scenario: ([\w-]+)\)$/m

test('corslab serve --port 0 prints the ready line, serves, and exits 0 on SIGTERM', async () => {
  const proc = start([main, 'serve', '--port', '0', '--scenario', 'allow-origin-mismatch'])
  await waitFor(() => readyLine.test(proc.out()))
  const [, port, scenario] = readyLine.exec(proc.out())!
  expect(scenario).toBe('allow-origin-mismatch')
  const res = await fetch(`http://127.0.0.1:${port}/api/items`, { headers: { origin: 'http://localhost:3000' } })
  expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
  proc.child.kill('SIGTERM')
  expect(await proc.exit).toBe(0)
}, 20_000)

test('a port in use exits 2 with a clear message', async () => {
  const first = start([main, 'serve', '--port', '0'])
  await waitFor(() => readyLine.test(first.out()))
  const port = readyLine.exec(first.out())![1]!
  const second = start([main, 'serve', '--port', port])
  expect(await second.exit).toBe(2)
  expect(second.err()).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`))
  first.child.kill('SIGTERM')
  await first.exit
}, 20_000)

test('an unknown flag exits 2 naming it', async () => {
  const proc = start([main, 'list', '--nope'])
  expect(await proc.exit).toBe(2)
  expect(proc.err()).toContain('corslab list: unknown flag --nope')
})

test('corslab list --json | head does not crash on the closed pipe', async () => {
  const proc = start([main, 'list', '--json'])
  proc.child.stdout!.once('data', () => proc.child.stdout!.destroy())
  await proc.exit
  expect(proc.err()).not.toMatch(/EPIPE|Error/)
})

test('bin/corslab.js runs the built CLI', async () => {
  expect(existsSync(`${root}dist/cli/main.js`), 'dist/ is missing: run npm run build first').toBe(true)
  const proc = start([`${root}bin/corslab.js`, 'list', '--json'])
  expect(await proc.exit).toBe(0)
  expect(JSON.parse(proc.out()).length).toBeGreaterThanOrEqual(28)
})
