import { afterAll, beforeAll, expect, test } from 'vitest'
import { createServer, startServer, type RunningServer } from '../../src/server/index.ts'
import { startBackend, type Backend } from './backend.ts'
import { send, values } from './http.ts'

let backend: Backend
let server: RunningServer
beforeAll(async () => {
  backend = await startBackend()
  server = await startServer({ port: 0, pagePort: false, upstream: `${backend.url}/`, scenario: 'allow-list' })
})
afterAll(async () => {
  await server.close()
  await backend.close()
})

test("the upstream's answer comes through with its own CORS headers dropped and the scenario's added", async () => {
  const res = await send(`${server.url}/@allow-all/api/items?page=2`, { headers: [['origin', 'http://localhost:3000'], ['x-trace', 't1']] })
  expect(res.status).toBe(200)
  expect(values(res.lines, 'x-backend')).toEqual(['yes'])
  expect(values(res.lines, 'x-total-count')).toEqual(['3'])
  expect(values(res.lines, 'set-cookie')).toEqual(['a=1', 'b=2'])
  expect(values(res.lines, 'access-control-allow-origin')).toEqual(['http://localhost:3000'])
  expect(values(res.lines, 'access-control-expose-headers')).toEqual(['x-total-count'])
  const seen = backend.seen.at(-1)!
  expect(seen.path).toBe('/api/items?page=2')
  const names = seen.headers.map(([n]) => n.toLowerCase())
  expect(names).toContain('x-trace')
  expect(names).not.toContain('origin')
})

test('under a scenario with no CORS, none of the upstream CORS headers reach the browser', async () => {
  const res = await send(`${server.url}/@missing-allow-origin/api/items`, { headers: [['origin', 'http://localhost:3000']] })
  expect(res.lines.filter(([n]) => /^access-control-/i.test(n))).toEqual([])
})

test('a preflight the scenario passes on reaches the upstream without its Access-Control-Request-* headers', async () => {
  const res = await send(`${server.url}/@missing-preflight/api/items/1`, { method: 'OPTIONS', headers: [['origin', 'http://localhost:3000'], ['access-control-request-method', 'PUT']] })
  expect(res.status).toBe(404)
  const seen = backend.seen.at(-1)!
  expect(seen.method).toBe('OPTIONS')
  expect(seen.headers.some(([n]) => /^access-control-request-/i.test(n))).toBe(false)
})

test('request bodies are forwarded, and redirects are passed back, not followed', async () => {
  await send(`${server.url}/api/items`, { method: 'POST', headers: [['content-type', 'application/json']], body: '{"name":"x"}' })
  expect(backend.seen.at(-1)).toMatchObject({ method: 'POST', body: '{"name":"x"}' })
  const res = await send(`${server.url}/redirect`)
  expect(res.status).toBe(302)
  expect(values(res.lines, 'location')).toEqual(['/api/items'])
})

test('an upstream that does not answer is a 502 saying so, under the scenario', async () => {
  const own = await startServer({ port: 0, pagePort: false, upstream: 'http://127.0.0.1:9', scenario: 'allow-all' })
  try {
    const res = await send(`${own.url}/api/items`, { headers: [['origin', 'http://localhost:3000']] })
    expect(res.status).toBe(502)
    expect(JSON.parse(res.body).error).toMatch(/the upstream http:\/\/127\.0\.0\.1:9\/api\/items did not answer/)
    expect(values(res.lines, 'access-control-allow-origin')).toEqual(['http://localhost:3000'])
  } finally {
    await own.close()
  }
})

test('--upstream must be an http(s) URL', () => {
  expect(() => createServer({ upstream: 'localhost:8080' })).toThrow(/--upstream "localhost:8080" is not a URL|must be an http: or https: URL/)
  expect(() => createServer({ upstream: 'ftp://example.com' })).toThrow(/must be an http: or https: URL/)
})
