// Shutting down: close() in process, and SIGTERM to `corslab serve` (bin/corslab.js, so the built
// dist/ that `npm test` builds first). Requests in flight (/api/slow) get their answers, the
// dashboard's event stream is ended rather than waited for, and the process exits 0.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { startServer } from '../../src/server/index.ts'
import { origin, send, type Reply } from '../reliability/support.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))
const bin = `${root}bin/corslab.js`
const built = existsSync(`${root}dist/cli/main.js`)
const readyLine = /^corslab listening on (http:\/\/\S+) \(scenario: [^)]+\)$/m

/** `path` on `url`, resolving with the reply or the error's code, and once the request is on the wire. */
function inFlight(url: string, path: string, agent?: Agent): { sent: Promise<void>, result: Promise<Reply | string> } {
  let sent!: () => void
  const onWire = new Promise<void>((r) => (sent = r))
  const result = new Promise<Reply | string>((resolve) => {
    const req = request(`${url}${path}`, { headers: { origin }, agent: agent ?? false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, lines: [], body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
    req.on('finish', () => sent())
    req.end()
  })
  return { sent: onWire, result }
}

/** The dashboard's event stream: resolves 'ended' when the server ends it, or the error's code. */
function eventStream(url: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request(`${url}/__corslab/events`, { agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve('ended'))
      res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
    })
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
    req.end()
  })
}

const refused = (url: string) => send(`${url}/api/items`).then((r) => `answered ${r.status}`, (e: NodeJS.ErrnoException) => e.code)

function serve(): { ready: Promise<string>, exit: Promise<number | null>, kill: (signal: NodeJS.Signals) => void, output: () => string } {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c))
  child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c))
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = readyLine.exec(out)
      if (match) resolve(match[1] as string)
    })
    exit.then((code) => reject(new Error(`corslab serve exited (${code}) before its ready line:\n${out}`)))
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  exit.finally(() => clearTimeout(timer))
  return { ready, exit, kill: (signal) => child.kill(signal), output: () => out }
}

test('close() with nothing in flight resolves promptly and the port then refuses connections', async () => {
  const server = await startServer({ port: 0, log: () => {} })
  const agent = new Agent({ keepAlive: true })
  expect((await send(`${server.url}/api/items`, { agent })).status).toBe(200)
  // An idle keep-alive connection does not hold close() up.
  const started = Date.now()
  await server.close()
  expect(Date.now() - started).toBeLessThan(5000)
  expect(await refused(server.url)).toBe('ECONNREFUSED')
  agent.destroy()
})

test.skipIf(!built)('SIGTERM to an idle `corslab serve` exits 0', { timeout: 60_000 }, async () => {
  const proc = serve()
  const url = await proc.ready
  expect((await send(`${url}/api/items`, { headers: { origin } })).status).toBe(200)
  proc.kill('SIGTERM')
  expect(await proc.exit).toBe(0)
})

// close() waits for requests in flight: idle connections are closed as their last answer goes out.
test('close() lets requests in flight finish, ends the event stream, then resolves', { timeout: 60_000 }, async () => {
  const server = await startServer({ port: 0, log: () => {} })
  const agent = new Agent({ keepAlive: true })
  // Every request (and the stream) reaches the server before it is told to close.
  let arrived = 0
  const allArrived = new Promise<void>((resolve) => server.app.server.on('request', () => ++arrived === 7 && resolve()))
  const events = eventStream(server.url)
  const requests = [
    ...Array.from({ length: 3 }, () => inFlight(server.url, '/api/slow?ms=1000')),
    ...Array.from({ length: 3 }, () => inFlight(server.url, '/@missing-allow-origin/api/slow?ms=1000', agent)),
  ]
  await allArrived
  expect(arrived).toBe(requests.length + 1)
  const closed = server.close()
  for (const r of requests) expect(await r.result).toMatchObject({ status: 200, body: '{"waitedMs":1000}' })
  expect(await events).toBe('ended')
  await closed
  expect(await refused(server.url)).toBe('ECONNREFUSED')
  agent.destroy()
})

// SIGTERM takes the same path as close().
test.skipIf(!built)('SIGTERM lets requests in flight finish, then `corslab serve` exits 0', { timeout: 60_000 }, async () => {
  const proc = serve()
  const url = await proc.ready
  const agent = new Agent({ keepAlive: true })
  const events = eventStream(url)
  const requests = [
    ...Array.from({ length: 2 }, () => inFlight(url, '/api/slow?ms=2500')),
    ...Array.from({ length: 2 }, () => inFlight(url, '/api/slow?ms=2500', agent)),
  ]
  await Promise.all(requests.map((r) => r.sent))
  // On the wire is not yet read by the server, which is in another process and tells no one when a
  // request arrives; a request sent after them and answered means it has read those before it.
  expect((await send(`${url}/api/items`, { headers: { origin } })).status).toBe(200)
  proc.kill('SIGTERM')
  for (const r of requests) expect(await r.result).toMatchObject({ status: 200, body: '{"waitedMs":2500}' })
  expect(await events).toBe('ended')
  expect(await proc.exit).toBe(0)
  agent.destroy()
})
