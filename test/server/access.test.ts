import { afterAll, beforeAll, expect, test } from 'vitest'
import { startServer, type RunningServer } from '../../src/server/index.ts'
import { send, values } from './http.ts'

// corslab's own server against the two ways another site's page reaches a local server: a name of
// its own pointed at 127.0.0.1 (DNS rebinding: the Host is that name), and a cross-origin call from
// a page on another origin. The control API and the dashboard refuse both; scenario traffic does not.

let server: RunningServer
let pagePort: number
beforeAll(async () => {
  server = await startServer({ port: 0, log: () => {} })
  pagePort = Number(new URL(server.pageUrl!).port)
})
afterAll(() => server.close())

const api = (path: string) => `http://127.0.0.1:${server.port}${path}`
const host = (name: string) => ['host', name] as [string, string]

test('a rebinding Host (evil.test on the server\'s port) gets a 403 saying why, on every control endpoint', async () => {
  for (const [method, path] of [['GET', '/__corslab/journal'], ['GET', '/__corslab/scenario'], ['GET', '/__corslab/'], ['GET', '/__corslab/events'], ['PUT', '/__corslab/scenario'], ['DELETE', '/__corslab/journal'], ['OPTIONS', '/__corslab/scenario']] as const) {
    const res = await send(api(path), { method, headers: [host(`evil.test:${server.port}`), ['content-type', 'application/json']], ...(method === 'PUT' ? { body: '{"name":"missing-allow-origin"}' } : {}) })
    expect(res.status, `${method} ${path}`).toBe(403)
    const error = JSON.parse(res.body).error as string
    expect(error).toContain('this request has Host evil.test:')
    expect(error).toContain(`127.0.0.1:${server.port}`)
    expect(error).toMatch(/DNS rebinding.*--allowed-host NAME/)
  }
  // Nothing changed: the scenario is still the default.
  expect(JSON.parse((await send(api('/__corslab/scenario'))).body).name).toBe('allow-all')
})

test('the server\'s own names pass, on its own port only', async () => {
  for (const name of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`, `LOCALHOST:${server.port}`]) {
    expect((await send(api('/__corslab/scenario'), { headers: [host(name)] })).status, name).toBe(200)
  }
  for (const name of ['127.0.0.1', `127.0.0.1:${server.port + 1}`, `localhost.evil.test:${server.port}`, `127.0.0.1.nip.io:${server.port}`, '']) {
    expect((await send(api('/__corslab/scenario'), { headers: [host(name)] })).status, name).toBe(403)
  }
})

test('the dashboard page origin refuses a rebinding Host too', async () => {
  const res = await send(`http://127.0.0.1:${pagePort}/`, { headers: [host(`evil.test:${pagePort}`)] })
  expect(res.status).toBe(403)
  expect(res.body).toContain(`this request has Host evil.test:${pagePort}`)
  expect((await send(`http://127.0.0.1:${pagePort}/`, { headers: [host(`localhost:${pagePort}`)] })).status).toBe(200)
})

test('scenario traffic answers every Host: serving other hosts\' pages is its job', async () => {
  const res = await send(api('/@allow-all/api/items'), { headers: [host(`evil.test:${server.port}`), ['origin', 'http://evil.test:3000']] })
  expect(res.status).toBe(200)
  expect(values(res.lines, 'access-control-allow-origin')).toEqual(['http://evil.test:3000'])
})

test('a page on another origin cannot switch scenarios or read the journal, even on the dashboard\'s port', async () => {
  for (const origin of [`http://evil.test:${pagePort}`, 'http://localhost:5173', 'null', `http://127.0.0.1:${pagePort + 1}`]) {
    const put = await send(api('/__corslab/scenario'), { method: 'PUT', headers: [['origin', origin], ['content-type', 'application/json']], body: '{"name":"missing-allow-origin"}' })
    expect(put.status, origin).toBe(403)
    expect(JSON.parse(put.body).error).toContain(`comes from a page on ${origin}`)
    expect(values(put.lines, 'access-control-allow-origin')).toEqual([])
    const preflight = await send(api('/__corslab/scenario'), { method: 'OPTIONS', headers: [['origin', origin], ['access-control-request-method', 'PUT'], ['access-control-request-headers', 'content-type']] })
    expect(preflight.status).toBe(403)
    expect(values(preflight.lines, 'access-control-allow-origin')).toEqual([])
    const journal = await send(api('/__corslab/journal'), { headers: [['origin', origin]] })
    expect(journal.status).toBe(403)
  }
  expect(JSON.parse((await send(api('/__corslab/scenario'))).body).name).toBe('allow-all')
})

test('the dashboard\'s exact origin, the API\'s own origin and programs without Origin may write', async () => {
  const dashboard = `http://127.0.0.1:${pagePort}`
  const preflight = await send(api('/__corslab/scenario'), { method: 'OPTIONS', headers: [['origin', dashboard], ['access-control-request-method', 'PUT'], ['access-control-request-headers', 'content-type']] })
  expect(preflight.status).toBe(204)
  expect(values(preflight.lines, 'access-control-allow-origin')).toEqual([dashboard])
  for (const headers of [[['origin', dashboard]], [['origin', `http://localhost:${pagePort}`]], [['origin', `http://127.0.0.1:${server.port}`]], []] as Array<Array<[string, string]>>) {
    const res = await send(api('/__corslab/scenario'), { method: 'PUT', headers: [...headers, ['content-type', 'application/json']], body: '{"name":"allow-all"}' })
    expect(res.status, JSON.stringify(headers)).toBe(200)
  }
})

test('--allowed-host adds a name; a bad one is refused with the option named', async () => {
  const other = await startServer({ port: 0, pagePort: false, allowedHosts: ['corslab.test'], log: () => {} })
  try {
    const url = `http://127.0.0.1:${other.port}/__corslab/scenario`
    expect((await send(url, { headers: [host(`corslab.test:${other.port}`)] })).status).toBe(200)
    expect((await send(url, { headers: [host(`evil.test:${other.port}`)] })).status).toBe(403)
    const put = await send(url, { method: 'PUT', headers: [host(`corslab.test:${other.port}`), ['origin', `http://corslab.test:${other.port}`], ['content-type', 'application/json']], body: '{"name":"allow-list"}' })
    expect(put.status).toBe(200)
  } finally {
    await other.close()
  }
  await expect(startServer({ port: 0, allowedHosts: ['http://x.test'] })).rejects.toThrow(/allowed host "http:\/\/x.test" is not a host name/)
})

test('bound to every interface, the loopback names still pass and others do not', async () => {
  const other = await startServer({ port: 0, pagePort: false, host: '0.0.0.0', token: 't', log: () => {} })
  try {
    const url = `http://127.0.0.1:${other.port}/__corslab/scenario?token=t`
    expect((await send(url)).status).toBe(200)
    expect((await send(url, { headers: [host(`evil.test:${other.port}`)] })).status).toBe(403)
  } finally {
    await other.close()
  }
})
