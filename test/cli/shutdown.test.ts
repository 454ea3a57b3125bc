// Ctrl-C and SIGTERM on `corslab serve` (bin/corslab.js on the built dist/, as users run it): with
// the dashboard's event stream and a kept-alive connection open it exits 0 at once; a second signal
// does not wait for a request in flight. How long the exit takes is a benchmark figure (npm run
// bench -- --only startup), not an assertion here.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const built = existsSync(`${root}dist/cli/main.js`)
if (!built) console.log('[skip] dist/ is missing: npm run build first')
const readyLine = /^corslab listening on (http:\/\/\S+) \(scenario: [^)]+\)$/m

function serve() {
  const child = spawn(process.execPath, [`${root}bin/corslab.js`, 'serve', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c))
  child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c))
  const exit = new Promise<{ code: number | null, at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: performance.now() })))
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = readyLine.exec(out)
      if (match) resolve(match[1] as string)
    })
    void exit.then(({ code }) => reject(new Error(`serve exited (${code}) before its ready line:\n${out}`)))
  })
  return { child, ready, exit, output: () => out }
}

/** GET `path`, resolving with the status, or the error's code when the connection is cut. */
function get(url: string, agent: Agent | false = false): { sent: Promise<void>, result: Promise<number | string> } {
  let sent!: () => void
  const onWire = new Promise<void>((r) => (sent = r))
  const result = new Promise<number | string>((resolve) => {
    const req = request(url, { agent }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
    })
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
    req.on('finish', () => sent())
    req.end()
  })
  return { sent: onWire, result }
}

test.runIf(built).each(['SIGINT', 'SIGTERM'] as const)('%s with the dashboard stream and a kept-alive connection open: exit 0, without waiting on them', async (signal) => {
  const proc = serve()
  const url = await proc.ready
  const agent = new Agent({ keepAlive: true })
  expect(await get(`${url}/api/items`, agent).result).toBe(200)
  const events = new Promise<string>((resolve) => {
    request(`${url}/__corslab/events`, { agent: false }, (res) => {
      res.once('data', () => resolve('open'))
      res.resume()
    }).end()
  })
  expect(await events).toBe('open')
  const start = performance.now()
  proc.child.kill(signal)
  const { code, at } = await proc.exit
  agent.destroy()
  expect(code).toBe(0)
  console.log(`corslab serve: ${signal} to exit ${(at - start).toFixed(0)} ms (idle, event stream and keep-alive open)`)
})

test.runIf(built)('a second Ctrl-C does not wait for a request in flight: exit 130', async () => {
  const proc = serve()
  const url = await proc.ready
  const slow = get(`${url}/api/slow?ms=20000`)
  await slow.sent
  proc.child.kill('SIGINT')
  // The first signal closes the server (new connections are refused), which then waits for the
  // slow answer; the second cuts it.
  while (typeof (await get(`${url}/api/items`).result) === 'number') await new Promise((resolve) => setTimeout(resolve, 10))
  proc.child.kill('SIGINT')
  expect((await proc.exit).code).toBe(130)
  expect(await slow.result).toMatch(/ECONNRESET|socket hang up/)
})
