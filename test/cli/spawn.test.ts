import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

// The CLI as a real process: Node 24 from the devDependency, running the TypeScript entry (the shim,
// bin/corslab.js, runs the built dist/: test/package/bin.test.ts).
const root = fileURLToPath(new URL('../../', import.meta.url))
const node = `${root}node_modules/.bin/node`
const main = `${root}src/cli/main.ts`

function start(args: string[]): { child: ChildProcess, out: () => string, err: () => string, exit: Promise<number | null> } {
  // Node's compile cache spares each process compiling corslab's modules again (a third of its CPU time).
  const env = { ...process.env, NODE_COMPILE_CACHE: `${root}node_modules/.cache/corslab-compile` }
  const child = spawn(node, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout!.on('data', (c) => (out += c))
  child.stderr!.on('data', (c) => (err += c))
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, out: () => out, err: () => err, exit }
}

// Resolves once `check` holds, checking again on each chunk the process writes to stdout; rejects
// if it exits first.
function waitFor(child: ChildProcess, check: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const test = () => {
      if (!check()) return
      child.stdout!.off('data', onData)
      child.off('exit', onExit)
      resolve()
    }
    const onData = () => setImmediate(test)
    const onExit = (code: number | null) => reject(new Error(`the process exited (code ${code}) first`))
    child.stdout!.on('data', onData)
    child.once('exit', onExit)
    test()
  })
}

const readyLine = /^corslab listening on http:\/\/127\.0\.0\.1:(\d+) \(scenario: ([\w-]+)\)$/m

test('corslab serve --port 0 prints the ready line, serves, and exits 0 on SIGTERM', async () => {
  const proc = start([main, 'serve', '--port', '0', '--scenario', 'allow-origin-mismatch'])
  await waitFor(proc.child, () => readyLine.test(proc.out()))
  const [, port, scenario] = readyLine.exec(proc.out())!
  expect(scenario).toBe('allow-origin-mismatch')
  const res = await fetch(`http://127.0.0.1:${port}/api/items`, { headers: { origin: 'http://localhost:3000' } })
  expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
  proc.child.kill('SIGTERM')
  expect(await proc.exit).toBe(0)
}, 20_000)

test('a port in use exits 2 with a clear message', async () => {
  const first = start([main, 'serve', '--port', '0'])
  await waitFor(first.child, () => readyLine.test(first.out()))
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
