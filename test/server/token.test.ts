import { afterAll, beforeAll, expect, test } from 'vitest'
import { startServer, type RunningServer } from '../../src/server/index.ts'
import { send, sendRaw, values } from './http.ts'

// Bound to every interface, reached here only through 127.0.0.1.
let server: RunningServer
beforeAll(async () => {
  server = await startServer({ port: 0, host: '0.0.0.0' })
})
afterAll(() => server.close())

const local = (path: string) => `http://127.0.0.1:${server.port}${path}`

test('a server bound off loopback generates a token and puts it in the dashboard URL', () => {
  expect(server.token).toMatch(/^[\w-]{20,}$/)
  expect(server.pageUrl).toContain(`?token=${server.token}`)
  expect(server.url).toBe(`http://0.0.0.0:${server.port}`)
})

test('the control API refuses requests without the token', async () => {
  for (const path of ['/__corslab/scenarios', '/__corslab/scenario', '/__corslab/journal', '/__corslab/', '/__corslab/events']) {
    const res = await send(local(path))
    expect(res.status, path).toBe(401)
    expect(JSON.parse(res.body).error).toMatch(/needs its token/)
  }
  expect((await send(local('/__corslab/scenario'), { method: 'PUT', body: '{"name":"allow-list"}' })).status).toBe(401)
  expect((await send(local('/__corslab/journal'), { method: 'DELETE', headers: [['authorization', 'Bearer wrong']] })).status).toBe(401)
})

// RFC 9112 3.2.2: a target may come in absolute form; it names the same control endpoint, behind the same token.
test('a control request in absolute form needs the token too', async () => {
  const host = `127.0.0.1:${server.port}`
  const raw = await sendRaw(server.port, `GET http://${host}/__corslab/journal HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)
  expect(raw).toMatch(/^HTTP\/1\.1 401/)
  const allowed = await sendRaw(server.port, `GET http://${host}/__corslab/journal HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${server.token}\r\nConnection: close\r\n\r\n`)
  expect(allowed).toMatch(/^HTTP\/1\.1 200/)
})

test('the token works as a bearer token, a header or a query parameter', async () => {
  expect((await send(local('/__corslab/scenarios'), { headers: [['authorization', `Bearer ${server.token}`]] })).status).toBe(200)
  expect((await send(local('/__corslab/scenario'), { headers: [['x-corslab-token', server.token!]] })).status).toBe(200)
  const page = await send(local(`/__corslab/?token=${server.token}`))
  expect(page.status).toBe(200)
  expect(page.body).toContain(JSON.stringify(server.token))
})

test('the dashboard page origin needs the token too', async () => {
  const pagePort = new URL(server.pageUrl!).port
  expect((await send(`http://127.0.0.1:${pagePort}/`)).status).toBe(401)
  const ok = await send(`http://127.0.0.1:${pagePort}/?token=${server.token}`)
  expect(ok.status).toBe(200)
  expect(ok.body).toContain(`"api":"http://127.0.0.1:${server.port}"`)
})

test('the mock API itself needs no token', async () => {
  const res = await send(local('/api/items'), { headers: [['origin', 'http://localhost:3000']] })
  expect(res.status).toBe(200)
  expect(values(res.lines, 'access-control-allow-origin')).toEqual(['http://localhost:3000'])
})

test('a given token is required even on loopback', async () => {
  const other = await startServer({ port: 0, pagePort: false, token: 'sesame' })
  try {
    expect((await send(`${other.url}/__corslab/scenario`)).status).toBe(401)
    expect((await send(`${other.url}/__corslab/scenario?token=sesame`)).status).toBe(200)
  } finally {
    await other.close()
  }
})

test('a loopback server needs no token', async () => {
  const other = await startServer({ port: 0, pagePort: false })
  try {
    expect(other.token).toBeUndefined()
    expect((await send(`${other.url}/__corslab/scenario`)).status).toBe(200)
  } finally {
    await other.close()
  }
})
