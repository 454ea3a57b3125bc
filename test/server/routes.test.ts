import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { isCorslabError } from '../../src/errors.ts'
import { createServer, startServer, type RunningServer } from '../../src/server/index.ts'
import { validateRoutes } from '../../src/server/routes-file.ts'
import { send, values } from './http.ts'

const dir = mkdtempSync(join(tmpdir(), 'corslab-routes-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the default API', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer({ port: 0, pagePort: false })
  })
  afterAll(() => server.close())

  test('lists items with x-total-count, and adds, reads, changes and removes them', async () => {
    const list = await send(`${server.url}/api/items`)
    expect(list.status).toBe(200)
    expect(values(list.lines, 'x-total-count')).toEqual(['3'])
    expect(JSON.parse(list.body)).toHaveLength(3)
    const created = await send(`${server.url}/api/items`, { method: 'POST', headers: [['content-type', 'application/json']], body: '{"name":"Buy milk"}' })
    expect(created.status).toBe(201)
    const item = JSON.parse(created.body)
    expect(item).toMatchObject({ name: 'Buy milk', done: false })
    expect(values(created.lines, 'location')).toEqual([`/api/items/${item.id}`])
    expect(JSON.parse((await send(`${server.url}/api/items/${item.id}`)).body)).toEqual(item)
    const patched = await send(`${server.url}/api/items/${item.id}`, { method: 'PATCH', body: '{"done":true}' })
    expect(JSON.parse(patched.body)).toMatchObject({ name: 'Buy milk', done: true })
    expect((await send(`${server.url}/api/items/${item.id}`, { method: 'PUT', body: '{"name":"Buy oat milk"}' })).status).toBe(200)
    expect((await send(`${server.url}/api/items/${item.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await send(`${server.url}/api/items/${item.id}`)).status).toBe(404)
    expect((await send(`${server.url}/api/items/77`, { method: 'PUT', body: '' })).status).toBe(201)
  })

  test('refuses a body that is not a JSON object with a 400 that says so', async () => {
    const res = await send(`${server.url}/api/items`, { method: 'POST', body: '[1, 2' })
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body).error).toMatch(/JSON object/)
  })

  test('/api/me needs a session cookie', async () => {
    expect((await send(`${server.url}/api/me`)).status).toBe(401)
    const me = await send(`${server.url}/api/me`, { headers: [['cookie', 'theme=dark; session=abc']] })
    expect(me.status).toBe(200)
    expect(JSON.parse(me.body)).toEqual({ user: 'demo', session: 'abc' })
  })

  test('/api/slow waits, and refuses a bad ms', async () => {
    const slow = await send(`${server.url}/api/slow?ms=300`)
    expect(slow.status).toBe(200)
    expect(slow.ms).toBeGreaterThanOrEqual(290)
    expect((await send(`${server.url}/api/slow?ms=abc`)).status).toBe(400)
    expect((await send(`${server.url}/api/slow?ms=999999`)).status).toBe(400)
  })

  test('/api/error/:status answers with that status, for any method', async () => {
    expect((await send(`${server.url}/api/error/503`)).status).toBe(503)
    expect((await send(`${server.url}/api/error/422`, { method: 'POST', body: '{}' })).status).toBe(422)
    expect((await send(`${server.url}/api/error/200`)).status).toBe(400)
  })

  test('an unknown path is a 404, an OPTIONS nobody handles too, a wrong method a 405', async () => {
    expect((await send(`${server.url}/nope`)).status).toBe(404)
    const options = await send(`${server.url}/@missing-allow-origin/api/items`, { method: 'OPTIONS' })
    expect(options.status).toBe(404)
    expect(JSON.parse(options.body)).toMatchObject({ error: 'Not Found', message: 'Route OPTIONS:/api/items not found' })
    const wrong = await send(`${server.url}/api/items`, { method: 'DELETE' })
    expect(wrong.status).toBe(405)
    expect(values(wrong.lines, 'allow')).toEqual(['GET, POST'])
  })

  test('the index and HEAD work', async () => {
    expect(JSON.parse((await send(`${server.url}/`)).body).routes.length).toBeGreaterThan(5)
    const head = await send(`${server.url}/api/items`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })
})

describe('a --routes file', () => {
  test('serves its routes, first match first, with status, headers, body and delay', async () => {
    const file = join(dir, 'routes.yaml')
    writeFileSync(file, `
- { method: GET, path: /users/:id, status: 200, headers: { x-total-count: '1', set-cookie: [a=1, b=2] }, body: { id: 1 } }
- { method: [PUT, patch], path: /users/:id, status: 202, body: updated }
- { method: '*', path: /files/*, status: 200, body: any file, delay: 150 }
- { path: /users/:id, status: 500 }
`)
    const server = await startServer({ port: 0, pagePort: false, routes: file, scenario: 'missing-allow-origin' })
    try {
      const user = await send(`${server.url}/users/7`)
      expect(user.status).toBe(200)
      expect(JSON.parse(user.body)).toEqual({ id: 1 })
      expect(values(user.lines, 'set-cookie')).toEqual(['a=1', 'b=2'])
      expect(values(user.lines, 'content-type')).toEqual(['application/json; charset=utf-8'])
      const put = await send(`${server.url}/users/7`, { method: 'PATCH', body: 'x' })
      expect([put.status, put.body, values(put.lines, 'content-type')[0]]).toEqual([202, 'updated', 'text/plain; charset=utf-8'])
      const file = await send(`${server.url}/files/a/b.txt`, { method: 'OPTIONS' })
      expect(file.status).toBe(200)
      expect(file.ms).toBeGreaterThanOrEqual(140)
      expect((await send(`${server.url}/users`)).status).toBe(404)
      expect((await send(`${server.url}/users/1`, { method: 'DELETE' })).status).toBe(404)
    } finally {
      await server.close()
    }
  })

  test('a JSON routes file with a routes key works too', async () => {
    const file = join(dir, 'routes.json')
    writeFileSync(file, JSON.stringify({ routes: [{ path: '/ping', body: 'pong' }] }))
    const own = await startServer({ port: 0, pagePort: false, routes: file })
    try {
      expect((await send(`${own.url}/ping`)).body).toBe('pong')
    } finally {
      await own.close()
    }
  })

  test('routes can be given as data', async () => {
    const own = await startServer({ port: 0, pagePort: false, routes: [{ path: '/ping', status: 418 }] })
    try {
      expect((await send(`${own.url}/ping`)).status).toBe(418)
    } finally {
      await own.close()
    }
  })

  const bad: Array<[string, string, RegExp]> = [
    ['not a list', 'just text', /\(document\): must be a list/],
    ['a route that is not a mapping', '- /users', /\[0\]: must be a mapping/],
    ['a missing path', '- { method: GET }', /\[0\]\.path: is required/],
    ['a path without /', '- { path: users }', /\[0\]\.path: must start with \//],
    ['a bad method', '- { path: /a, method: GE T }', /\[0\]\.method: is not a valid method/],
    ['a mistyped method', '- { path: /a, method: GTE }', /\[0\]\.method: is "GTE", not an HTTP method a route can answer\. Fix: did you mean GET\? write one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, QUERY, a list of them, or \* for any\./],
    ['a mistyped method in a list', '- { path: /a, method: [GET, PSOT] }', /\[0\]\.method\[1\]: is "PSOT", not an HTTP method.*did you mean POST\?/],
    ['a bad status', '- { path: /a, status: 99 }', /\[0\]\.status: must be a whole number from 200 to 599/],
    ['a bad header name', "- { path: /a, headers: { 'x y': '1' } }", /\[0\]\.headers\.x y: is not a valid header name/],
    ['a header value that is not a string', '- { path: /a, headers: { x-a: 1 } }', /\[0\]\.headers\.x-a: must be a string/],
    ['a bad delay', '- { path: /a, delay: -5 }', /\[0\]\.delay: must be a whole number from 0/],
    ['an unknown field', '- { path: /a, stauts: 200 }', /\[0\]\.stauts: is not a known field.*did you mean `status`/],
    ['an unknown top-level key', 'paths: []', /paths: is not a known field/],
    ['broken YAML', '- { path: /a', /not valid YAML or JSON \(line \d+, column \d+\)/],
  ]
  test.each(bad)('a routes file with %s is refused, naming the file and field', (_what, text, message) => {
    const file = join(dir, 'bad.yaml')
    writeFileSync(file, text)
    try {
      createServer({ routes: file })
      expect.unreachable()
    } catch (error) {
      expect(isCorslabError(error, 'E_ROUTES_INVALID')).toBe(true)
      expect((error as Error).message).toContain(file)
      expect((error as Error).message).toMatch(message)
    }
  })

  test('a routes file that does not exist is a clear error', () => {
    expect(() => createServer({ routes: join(dir, 'missing.yaml') })).toThrow(/cannot read the routes file .*missing\.yaml.*--routes/)
  })

  test('validateRoutes returns the routes', () => {
    expect(validateRoutes([{ path: '/a' }])).toEqual([{ path: '/a' }])
    expect(validateRoutes([{ path: '/a', method: ['get', 'Patch', 'QUERY'] }, { path: '/b', method: '*' }])).toHaveLength(2)
  })

  test('--routes and --upstream together are refused', () => {
    expect(() => createServer({ routes: [], upstream: 'http://localhost:1' })).toThrow(/either --routes or --upstream/)
  })
})
