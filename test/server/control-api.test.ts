import { request } from 'node:http'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { catalog } from '../../src/scenarios/index.ts'
import { contextOf } from '../../src/server/create-server.ts'
import { createServer, startServer, type JournalEntry, type RunningServer } from '../../src/server/index.ts'
import { send, values } from './http.ts'

let server: RunningServer
beforeAll(async () => {
  server = await startServer({ port: 0, journalSize: 5, scenario: 'missing-allow-origin' })
})
afterAll(() => server.close())

const control = (path: string) => `${server.url}/__corslab${path}`
const put = (body: string, headers: Array<[string, string]> = [['content-type', 'application/json']]) => send(control('/scenario'), { method: 'PUT', headers, body })

test('GET /__corslab/scenarios lists the catalog', async () => {
  const res = await send(control('/scenarios'))
  expect(res.status).toBe(200)
  const list = JSON.parse(res.body)
  expect(list.map((s: { name: string }) => s.name)).toEqual(catalog.map((s) => s.name))
  expect(list[0]).toMatchObject({ name: catalog[0]!.name, title: expect.any(String), summary: expect.any(String), probe: expect.any(Object), expect: expect.any(Object), policy: expect.any(Object) })
})

test('PUT /__corslab/scenario switches the active scenario, GET reads it', async () => {
  expect(JSON.parse((await send(control('/scenario'))).body).name).toBe('missing-allow-origin')
  const res = await put('{"name":"allow-all"}')
  expect(res.status).toBe(200)
  expect(JSON.parse(res.body).name).toBe('allow-all')
  expect(JSON.parse((await send(control('/scenario'))).body).name).toBe('allow-all')
  const api = await send(`${server.url}/api/items`, { headers: [['origin', 'http://localhost:3000']] })
  expect(values(api.lines, 'access-control-allow-origin')).toEqual(['http://localhost:3000'])
  await put('{"name":"missing-allow-origin"}')
})

const badBodies: Array<[string, string, RegExp]> = [
  ['an empty body', '', /the body is empty/],
  ['a body that is not JSON', '{name: allow-all}', /the body is not JSON/],
  ['a JSON array', '["allow-all"]', /must be a JSON object, not an array/],
  ['a JSON string', '"allow-all"', /must be a JSON object, not "allow-all"/],
  ['no name', '{}', /the body has no "name"/],
  ['a name that is not a string', '{"name": 3}', /"name" must be a scenario name \(a string\), got 3/],
  ['an unknown field', '{"name":"allow-all","scenario":"x"}', /unknown field "scenario"/],
]

test.each(badBodies)('PUT with %s is a 400 saying what is wrong', async (_what, body, message) => {
  const res = await put(body)
  expect(res.status).toBe(400)
  const error = JSON.parse(res.body).error as string
  expect(error).toMatch(message)
  expect(error).toMatch(/Send a JSON body such as \{"name": "missing-allow-origin"\}/)
  expect(JSON.parse((await send(control('/scenario'))).body).name).toBe('missing-allow-origin')
})

test('PUT with an unknown scenario is a 404 naming the closest one, with the names as data', async () => {
  const res = await put('{"name":"allow-everything"}')
  expect(res.status).toBe(404)
  const body = JSON.parse(res.body)
  expect(body.error).toBe(`no scenario named "allow-everything". \`npx corslab list\` shows all ${catalog.length}.`)
  expect(body.scenarios).toEqual(catalog.map((s) => s.name))
  const typo = JSON.parse((await put('{"name":"missing-prefligt"}')).body)
  expect(typo.error).toBe(`no scenario named "missing-prefligt". Did you mean "missing-preflight"? \`npx corslab list\` shows all ${catalog.length}.`)
})

test('the control API is not subject to the active scenario', async () => {
  // The active scenario sends no CORS headers and redirects nothing; the control API still answers.
  await put('{"name":"redirect-cross-origin"}')
  const res = await send(control('/journal'))
  expect(res.status).toBe(200)
  expect(values(res.lines, 'location')).toEqual([])
  await put('{"name":"missing-allow-origin"}')
})

test('an unknown control path is a 404 listing the endpoints; a wrong method is a 405', async () => {
  const unknown = await send(control('/scenarioz'))
  expect(unknown.status).toBe(404)
  expect(JSON.parse(unknown.body).endpoints).toContain('GET|PUT /__corslab/scenario')
  const wrong = await send(control('/scenario'), { method: 'POST', body: '{}' })
  expect(wrong.status).toBe(405)
  expect(values(wrong.lines, 'allow')).toEqual(['GET, PUT'])
})

test('journal entries have exactly the documented shape', async () => {
  await send(control('/journal'), { method: 'DELETE' })
  await send(`${server.url}/@fastify-cors-defaults/api/items/1`, {
    method: 'OPTIONS',
    headers: [['origin', 'http://localhost:3000'], ['access-control-request-method', 'PUT'], ['access-control-request-headers', 'content-type']],
  })
  await send(`${server.url}/api/items?x=1`)
  const entries = JSON.parse((await send(control('/journal'))).body) as JournalEntry[]
  expect(entries).toHaveLength(2)
  const [preflight, plain] = entries
  expect(Object.keys(preflight!).sort()).toEqual(['id', 'method', 'origin', 'path', 'preflight', 'requestHeaders', 'responseHeaders', 'scenario', 'status', 'time', 'verdict'])
  expect(preflight).toMatchObject({
    scenario: 'fastify-cors-defaults',
    method: 'OPTIONS',
    path: '/api/items/1',
    origin: 'http://localhost:3000',
    preflight: true,
    requestHeaders: { 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
    status: 204,
    verdict: { outcome: 'blocked', stage: 'preflight', reason: 'method-not-allowed', message: expect.stringContaining('Method PUT is not allowed by Access-Control-Allow-Methods') },
  })
  expect(preflight!.responseHeaders).toContainEqual(['Access-Control-Allow-Methods', 'GET,HEAD,POST'])
  expect(new Date(preflight!.time).toISOString()).toBe(preflight!.time)
  expect(plain).toMatchObject({ scenario: 'missing-allow-origin', path: '/api/items?x=1', origin: null, preflight: false, requestHeaders: {}, status: 200, verdict: null })
  expect(plain!.id).toBe(preflight!.id + 1)
})

test('the journal is a ring buffer of the configured size, newest last; DELETE empties it', async () => {
  for (let i = 0; i < 8; i++) await send(`${server.url}/api/items/${i}`)
  const entries = JSON.parse((await send(control('/journal'))).body) as JournalEntry[]
  expect(entries.map((e) => e.path)).toEqual(['/api/items/3', '/api/items/4', '/api/items/5', '/api/items/6', '/api/items/7'])
  expect((await send(control('/journal'), { method: 'DELETE' })).status).toBe(204)
  expect(JSON.parse((await send(control('/journal'))).body)).toEqual([])
})

test('control requests are not journaled', async () => {
  await send(control('/journal'), { method: 'DELETE' })
  await send(control('/scenarios'))
  expect(JSON.parse((await send(control('/journal'))).body)).toEqual([])
})

test('GET /__corslab/events streams new entries and scenario changes', async () => {
  const received: string[] = []
  const done = new Promise<void>((resolve, reject) => {
    const req = request(control('/events'), { agent: false }, (res) => {
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/)
      res.setEncoding('utf8')
      let buffer = ''
      res.on('data', (chunk: string) => {
        buffer += chunk
        const events = buffer.split('\n\n')
        buffer = events.pop() ?? ''
        received.push(...events)
        if (received.some((e) => e.startsWith('event: hello'))) void trigger()
        if (received.some((e) => e.startsWith('event: entry')) && received.some((e) => e.startsWith('event: scenario'))) {
          req.destroy()
          resolve()
        }
      })
    })
    req.on('error', (e) => (e.message.includes('aborted') || (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(e)))
    req.end()
  })
  let triggered = false
  async function trigger() {
    if (triggered) return
    triggered = true
    await send(`${server.url}/@allow-all/api/hello`, { headers: [['origin', 'http://localhost:3000']] })
    await put('{"name":"missing-allow-origin"}')
  }
  await done
  const entry = received.find((e) => e.startsWith('event: entry'))!
  const data = JSON.parse(entry.split('\ndata: ')[1]!) as JournalEntry
  expect(data).toMatchObject({ scenario: 'allow-all', path: '/api/hello', verdict: { outcome: 'allowed' } })
  expect(received.find((e) => e.startsWith('event: scenario'))).toContain('"name":"missing-allow-origin"')
})

test('the dashboard page origin may call the control API cross-origin; other origins may not', async () => {
  const page = new URL(server.pageUrl!).origin
  const ok = await send(control('/scenario'), { method: 'OPTIONS', headers: [['origin', page], ['access-control-request-method', 'PUT'], ['access-control-request-headers', 'content-type']] })
  expect(ok.status).toBe(204)
  expect(values(ok.lines, 'access-control-allow-origin')).toEqual([page])
  expect(values(ok.lines, 'access-control-allow-methods')[0]).toContain('PUT')
  const read = await send(control('/journal'), { headers: [['origin', page]] })
  expect(values(read.lines, 'access-control-allow-origin')).toEqual([page])
  const evil = await send(control('/scenario'), { method: 'OPTIONS', headers: [['origin', 'http://evil.example'], ['access-control-request-method', 'PUT']] })
  expect(values(evil.lines, 'access-control-allow-origin')).toEqual([])
})

test('scenario traffic is answered over HTTP, and journaled', async () => {
  const own = await startServer({ port: 0, pagePort: false, scenario: 'null-allow-origin' })
  try {
    const res = await send(`${own.url}/api/items`, { headers: [['origin', 'http://localhost:3000']] })
    expect(values(res.lines, 'access-control-allow-origin')).toEqual(['null'])
    expect(contextOf(own.app).journal.entries()).toHaveLength(1)
  } finally {
    await own.close()
  }
})

test("createServer's app.inject() reaches the control API, and says that scenario traffic needs the listening server", async () => {
  const app = createServer({ scenario: 'null-allow-origin' })
  try {
    expect(JSON.parse((await app.inject({ url: '/__corslab/scenario' })).body).name).toBe('null-allow-origin')
    const res = await app.inject({ url: '/api/items', headers: { origin: 'http://localhost:3000' } })
    expect(res.statusCode).toBe(404)
    expect(JSON.parse(res.body).error).toMatch(/only the listening server answers .*startServer\(\{ port: 0 \}\)/)
    expect(contextOf(app).journal.entries()).toHaveLength(0)
  } finally {
    await app.close()
  }
})
