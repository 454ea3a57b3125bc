import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer as createHttpServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { isControlTarget } from '../../src/server/scenario-listener.ts'
import { startServer, type RunningServer } from '../../src/server/index.ts'
import { send, sendRaw, values } from './http.ts'

const origin = 'http://localhost:5173'
const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i))

let server: RunningServer
let upstream: RunningServer
let backend: Server
beforeAll(async () => {
  server = await startServer({ port: 0, pagePort: false })
  backend = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' })
    res.end(allBytes)
  })
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
  upstream = await startServer({ port: 0, pagePort: false, upstream: `http://127.0.0.1:${(backend.address() as AddressInfo).port}` })
})
afterAll(async () => {
  await server.close()
  await upstream.close()
  await new Promise((resolve) => backend.close(resolve))
})

// Fastify takes the control API only; the HTTP server answers all scenario traffic itself.
describe('which requests go to Fastify (the control API)', () => {
  test.each([
    ['/api/items', false],
    ['/@allow-all/api/items?q=%zz', false],
    ['/__corslab/journal', true],
    ['/__corslab', true],
    ['/__corslab?token=t', true],
    ['http://localhost/__corslab/journal', true],
    ['/__corslabs/x', false],
    ['/api/it%65ms', false],
    ['http://localhost/api/items', false],
    ['*', false],
  ])('%s → %s', (url, fastify) => {
    expect(isControlTarget(url)).toBe(fastify)
  })
})

describe('scenario traffic served straight from the HTTP server', () => {
  test('a body over the limit gets a 413 that names the limit, before it is read, and the server goes on', async () => {
    const raw = await sendRaw(server.port, `PUT /api/items/1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${11 * 1024 * 1024}\r\nConnection: close\r\n\r\n{}`)
    expect(raw).toMatch(/^HTTP\/1\.1 413/)
    expect(raw).toContain('10 MiB')
    expect((await send(`${server.url}/api/items`)).status).toBe(200)
  })

  test('a chunked body reaches the route whole', async () => {
    const body = JSON.stringify({ name: 'chunked', done: true })
    const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`
    const raw = await sendRaw(server.port, `PUT /api/items/2 HTTP/1.1\r\nHost: x\r\nOrigin: ${origin}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunked}`)
    expect(raw).toMatch(/^HTTP\/1\.1 200/)
    expect(raw).toContain('"name":"chunked"')
  })

  test('a binary answer from the upstream arrives byte for byte, with its length', async () => {
    const res = await fetch(`${upstream.url}/file.bin`, { headers: { origin } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe('256')
    expect(res.headers.get('access-control-allow-origin')).toBe(origin)
    expect(Buffer.from(await res.arrayBuffer()).equals(allBytes)).toBe(true)
  })

  test('a UTF-8 answer gets its length in bytes, not characters', async () => {
    const journal = await fetch(`${server.url}/__corslab/journal`)
    expect(journal.status).toBe(200)
    const res = await send(`${server.url}/api/items`, { method: 'POST', headers: [['content-type', 'application/json'], ['origin', origin]], body: JSON.stringify({ name: 'café ✓' }) })
    expect(res.status).toBe(201)
    expect(Number(values(res.lines, 'content-length')[0])).toBe(Buffer.byteLength(res.body))
    expect(JSON.parse(res.body).name).toBe('café ✓')
  })

  test('an escape in the path: a bad one gets a 400 that says so, a good one the scenario', async () => {
    expect(await sendRaw(server.port, 'GET /api/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/)
    const good = await send(`${server.url}/@missing-allow-origin/api/it%65ms`, { headers: [['origin', origin]] })
    expect(good.status).toBe(404)
    expect(values(good.lines, 'access-control-allow-origin')).toEqual([])
    const entry = (await (await fetch(`${server.url}/__corslab/journal`)).json() as Array<{ path: string, scenario: string }>).at(-1)
    expect(entry).toMatchObject({ path: '/api/it%65ms', scenario: 'missing-allow-origin' })
  })
})

test('a line Node cannot send (a value beyond Latin-1) is left out of the answer and the journal; the rest goes out', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corslab-unsendable-'))
  writeFileSync(join(dir, 'odd-value.yaml'), `name: odd-value
title: A fault value beyond Latin-1
summary: The server cannot send it.
policy:
  cors: { origin: true }
  faults:
    - set: { x-note: 'done ✓', x-plain: 'done' }
probe: { method: GET, path: /api/items }
expect:
  chromium: { outcome: allowed, preflight: false }
  firefox: { outcome: allowed, preflight: false }
  webkit: { outcome: allowed, preflight: false }
`)
  const own = await startServer({ port: 0, pagePort: false, scenariosDir: dir, log: () => {} })
  try {
    const res = await send(`${own.url}/@odd-value/api/items`, { headers: [['origin', origin]] })
    expect(res.status).toBe(200)
    expect(values(res.lines, 'x-note')).toEqual([])
    expect(values(res.lines, 'x-plain')).toEqual(['done'])
    expect(values(res.lines, 'access-control-allow-origin')).toEqual([origin])
    const entry = (await (await fetch(`${own.url}/__corslab/journal`)).json() as Array<{ responseHeaders: Array<[string, string]> }>).at(-1)
    expect(entry?.responseHeaders.map(([n]) => n.toLowerCase())).not.toContain('x-note')
    expect(entry?.responseHeaders.map(([n]) => n.toLowerCase())).toContain('x-plain')
  } finally {
    await own.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
