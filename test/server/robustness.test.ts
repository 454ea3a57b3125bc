import { afterAll, beforeAll, expect, test } from 'vitest'
import { startServer, type JournalEntry, type RunningServer } from '../../src/server/index.ts'
import { send, sendRaw, values } from './http.ts'

let server: RunningServer
beforeAll(async () => {
  server = await startServer({ port: 0, pagePort: false })
})
afterAll(() => server.close())

async function stillServing() {
  const res = await send(`${server.url}/api/items`, { headers: [['origin', 'http://localhost:3000']] })
  expect(res.status).toBe(200)
}

async function lastEntry(): Promise<JournalEntry | undefined> {
  return (JSON.parse((await send(`${server.url}/__corslab/journal`)).body) as JournalEntry[]).at(-1)
}

test('a header larger than Node accepts gets 431, and the server carries on', async () => {
  const res = await send(`${server.url}/api/items`, { headers: [['x-huge', 'a'.repeat(20_000)]] })
  expect(res.status).toBe(431)
  await stillServing()
})

test('a long Origin just under the limit is reflected as is', async () => {
  const origin = `http://${'a'.repeat(8000)}.example`
  const res = await send(`${server.url}/@allow-all/api/items`, { headers: [['origin', origin]] })
  expect(res.status).toBe(200)
  expect(values(res.lines, 'access-control-allow-origin')).toEqual([origin])
})

test('repeated Origin lines are answered as @fastify/cors would (joined), the journal copes', async () => {
  const res = await send(`${server.url}/@allow-all/api/items`, { headers: [['origin', 'http://a.example'], ['origin', 'http://b.example']] })
  expect(res.status).toBe(200)
  expect(values(res.lines, 'access-control-allow-origin')).toEqual(['http://a.example, http://b.example'])
  const entry = await lastEntry()
  expect(entry).toMatchObject({ origin: 'http://a.example', status: 200 })
})

test('a hundred repeated headers and a thousand requested header names are answered normally', async () => {
  const many = Array.from({ length: 100 }, (_, i): [string, string] => ['x-repeat', String(i)])
  expect((await send(`${server.url}/api/items`, { headers: [['origin', 'http://localhost:3000'], ...many] })).status).toBe(200)
  const names = Array.from({ length: 1000 }, (_, i) => `x-h${i}`).join(',')
  const res = await send(`${server.url}/api/items`, { method: 'OPTIONS', headers: [['origin', 'http://localhost:3000'], ['access-control-request-method', 'PUT'], ['access-control-request-headers', names]] })
  expect(res.status).toBe(204)
  expect(values(res.lines, 'access-control-allow-headers')).toEqual([names])
})

test('a non-ASCII Origin (UTF-8 bytes) gets a normal answer and a journal entry', async () => {
  const request = Buffer.concat([
    Buffer.from('GET /@allow-all/api/items HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://'),
    Buffer.from('bücher.例え.jp', 'utf8'),
    Buffer.from('\r\nConnection: close\r\n\r\n'),
  ])
  const raw = await sendRaw(server.port, request)
  expect(raw).toMatch(/^HTTP\/1\.1 200 OK/)
  expect(raw.toLowerCase()).toContain('access-control-allow-origin: http://b')
  const entry = await lastEntry()
  expect(entry?.status).toBe(200)
  expect(entry?.origin).toMatch(/^http:\/\/b/)
  await stillServing()
})

test('an Origin with a control character is refused by the HTTP parser, not by a crash', async () => {
  const raw = await sendRaw(server.port, 'GET /api/items HTTP/1.1\r\nHost: x\r\nOrigin: http://a\x01b\r\nConnection: close\r\n\r\n')
  expect(raw).toMatch(/^HTTP\/1\.1 400/)
  await stillServing()
})

test('odd paths: bad escapes, an empty or unknown scenario prefix', async () => {
  expect((await sendRaw(server.port, 'GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))).toMatch(/^HTTP\/1\.1 (400|404)/)
  const badEscape = await send(`${server.url}/@%zz/api/items`)
  expect(badEscape.status).toBe(400)
  expect(badEscape.body).toMatch(/not a valid url/)
  const unknown = await send(`${server.url}/@nope/api/items`)
  expect(unknown.status).toBe(404)
  expect(JSON.parse(unknown.body).scenarios).toContain('allow-all')
  const empty = await send(`${server.url}/@/api/items`)
  expect(empty.status).toBe(404)
  expect(JSON.parse(empty.body).error).toMatch(/no scenario named ""/)
  expect((await send(`${server.url}/@allow-all`)).status).toBe(200)
  await stillServing()
})

test('an unusual method and a body over the limit get answers, not a crash', async () => {
  const propfind = await sendRaw(server.port, 'PROPFIND /api/items HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
  expect(propfind).toMatch(/^HTTP\/1\.1 \d{3}/)
  const big = await send(`${server.url}/api/items`, { method: 'POST', headers: [['content-type', 'application/json']], body: 'x'.repeat(11 * 1024 * 1024) }).catch((error: Error) => error)
  if (!(big instanceof Error)) expect(big.status).toBe(413)
  await stillServing()
})

test('a client that goes away during a delay does not break the server', async () => {
  await new Promise<void>((resolve) => {
    const controller = new AbortController()
    // Gone once the server has the request, while it waits out the delay.
    server.app.server.once('request', () => setImmediate(() => controller.abort()))
    fetch(`${server.url}/api/slow?ms=2000`, { signal: controller.signal }).catch(() => resolve())
  })
  await stillServing()
})
