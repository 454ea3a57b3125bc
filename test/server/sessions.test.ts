import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { catalog } from '../../src/scenarios/index.ts'
import { contextOf } from '../../src/server/create-server.ts'
import { createServer, startServer, type JournalEntry, type RunningServer } from '../../src/server/index.ts'
import { send, values } from './http.ts'

let server: RunningServer
beforeAll(async () => {
  server = await startServer({ port: 0, pagePort: false, scenario: 'missing-allow-origin' })
})
afterAll(() => server.close())

const control = (path: string) => `${server.url}/__corslab${path}`
const json = [['content-type', 'application/json']] as Array<[string, string]>
const putSession = (id: string, body: string) => send(control(`/sessions/${id}`), { method: 'PUT', headers: json, body })
const origin = [['origin', 'http://localhost:3000']] as Array<[string, string]>

async function journal(query = ''): Promise<JournalEntry[]> {
  return JSON.parse((await send(control(`/journal${query}`))).body) as JournalEntry[]
}

test('PUT /__corslab/sessions/:id creates a session (201), a second PUT re-points it (200)', async () => {
  const created = await putSession('t1', '{"scenario":"allow-all"}')
  expect(created.status).toBe(201)
  expect(JSON.parse(created.body)).toEqual({ id: 't1', scenario: 'allow-all' })
  const moved = await putSession('t1', '{"scenario":"wildcard-with-credentials"}')
  expect(moved.status).toBe(200)
  expect(JSON.parse(moved.body)).toEqual({ id: 't1', scenario: 'wildcard-with-credentials' })
  expect(JSON.parse((await send(control('/sessions/t1'))).body)).toEqual({ id: 't1', scenario: 'wildcard-with-credentials' })
  expect(JSON.parse((await send(control('/sessions'))).body)).toContainEqual({ id: 't1', scenario: 'wildcard-with-credentials' })
  await send(control('/sessions/t1'), { method: 'DELETE' })
})

test('/@ID/ serves under the session\'s current scenario, and follows it when the session is re-pointed', async () => {
  await putSession('t2', '{"scenario":"allow-all"}')
  const before = await send(`${server.url}/@t2/api/items`, { headers: origin })
  expect(values(before.lines, 'access-control-allow-origin')).toEqual(['http://localhost:3000'])
  await putSession('t2', '{"scenario":"missing-allow-origin"}')
  const after = await send(`${server.url}/@t2/api/items`, { headers: origin })
  expect(after.status).toBe(200)
  expect(values(after.lines, 'access-control-allow-origin')).toEqual([])
  await send(control('/sessions/t2'), { method: 'DELETE' })
})

test('a session does not touch the active scenario, and a scenario name still works as a prefix', async () => {
  await putSession('t3', '{"scenario":"allow-all"}')
  expect(JSON.parse((await send(control('/scenario'))).body).name).toBe('missing-allow-origin')
  const named = await send(`${server.url}/@null-allow-origin/api/items`, { headers: origin })
  expect(values(named.lines, 'access-control-allow-origin')).toEqual(['null'])
  await send(control('/sessions/t3'), { method: 'DELETE' })
})

test('journal entries of a session request carry its id (path without the prefix); ?session=ID keeps only them', async () => {
  await putSession('t4', '{"scenario":"allow-all"}')
  await putSession('t5', '{"scenario":"disallowed-header"}')
  await send(`${server.url}/@t4/api/items?page=2`, { headers: origin })
  await send(`${server.url}/@t5/api/items`, { method: 'OPTIONS', headers: [...origin, ['access-control-request-method', 'POST'], ['access-control-request-headers', 'x-request-id']] })
  await send(`${server.url}/@allow-all/api/hello`, { headers: origin })
  const t4 = await journal('?session=t4')
  expect(t4).toHaveLength(1)
  expect(t4[0]).toMatchObject({ session: 't4', scenario: 'allow-all', method: 'GET', path: '/api/items?page=2', verdict: { outcome: 'allowed' } })
  const t5 = await journal('?session=t5')
  expect(t5).toHaveLength(1)
  expect(t5[0]).toMatchObject({ session: 't5', scenario: 'disallowed-header', preflight: true, verdict: { outcome: 'blocked', reason: 'header-not-allowed' } })
  const named = (await journal()).at(-1)
  expect(named).toMatchObject({ scenario: 'allow-all', path: '/api/hello' })
  expect(named).not.toHaveProperty('session')
  await send(control('/sessions/t4'), { method: 'DELETE' })
  await send(control('/sessions/t5'), { method: 'DELETE' })
})

test('DELETE /__corslab/sessions/:id forgets it (204); then /@ID/ is a 404 that says how to create it', async () => {
  await putSession('t6', '{"scenario":"allow-all"}')
  expect((await send(control('/sessions/t6'), { method: 'DELETE' })).status).toBe(204)
  const again = await send(control('/sessions/t6'), { method: 'DELETE' })
  expect(again.status).toBe(404)
  expect(JSON.parse(again.body).error).toBe('no session "t6" to delete.')
  const gone = await send(control('/sessions/t6'))
  expect(gone.status).toBe(404)
  expect(JSON.parse(gone.body).error).toMatch(/no session "t6"; create it with PUT \/__corslab\/sessions\/t6/)
  const res = await send(`${server.url}/@t6/api/items`, { headers: origin })
  expect(res.status).toBe(404)
  const body = JSON.parse(res.body)
  expect(body.error).toMatch(/no scenario named "t6" and no session with that id \(from the path prefix \/@t6\/\)/)
  expect(body.error).toMatch(/create the session first with PUT \/__corslab\/sessions\/t6/)
  expect(body.scenarios).toEqual(catalog.map((s) => s.name))
})

const badBodies: Array<[string, string, RegExp]> = [
  ['an empty body', '', /the body is empty/],
  ['a body that is not JSON', '{scenario: allow-all}', /the body is not JSON/],
  ['a JSON array', '["allow-all"]', /must be a JSON object, not an array/],
  ['no scenario', '{}', /the body has no "scenario"/],
  ['a scenario that is not a string', '{"scenario": 3}', /"scenario" must be a scenario name \(a string\), got 3/],
  ['the scenario endpoint\'s field', '{"name":"allow-all"}', /unknown field "name"; the body has only "scenario"/],
]

test.each(badBodies)('PUT a session with %s is a 400 saying what is wrong', async (_what, body, message) => {
  const res = await putSession('t7', body)
  expect(res.status).toBe(400)
  const error = JSON.parse(res.body).error as string
  expect(error).toMatch(message)
  expect(error).toMatch(/Send a JSON body such as \{"scenario": "missing-allow-origin"\}/)
  expect((await send(control('/sessions/t7'))).status).toBe(404)
})

test('PUT a session with an unknown scenario is a 404 listing the names; the session is not created', async () => {
  const res = await putSession('t8', '{"scenario":"allow-everything"}')
  expect(res.status).toBe(404)
  const body = JSON.parse(res.body)
  expect(body.error).toMatch(/no scenario named "allow-everything"/)
  expect(body.scenarios).toEqual(catalog.map((s) => s.name))
  expect((await send(control('/sessions/t8'))).status).toBe(404)
})

test('a session id must be URL-safe and must not be a scenario name', async () => {
  const spaced = await putSession('a%20b', '{"scenario":"allow-all"}')
  expect(spaced.status).toBe(400)
  expect(JSON.parse(spaced.body).error).toBe('the session id "a b" must be 1 to 100 letters, digits, ".", "_", "~" or "-".')
  const long = await putSession('x'.repeat(101), '{"scenario":"allow-all"}')
  expect(long.status).toBe(400)
  expect(JSON.parse(long.body).error).toMatch(/must be 1 to 100 letters/)
  expect((await putSession('x'.repeat(100), '{"scenario":"allow-all"}')).status).toBe(201)
  const clash = await putSession('allow-all', '{"scenario":"missing-allow-origin"}')
  expect(clash.status).toBe(400)
  expect(JSON.parse(clash.body).error).toMatch(/"allow-all" is a scenario's name, and \/@allow-all\/ already means that scenario; pick another id/)
})

test('a wrong method on a session is a 405 with Allow; the 404 for an unknown control path lists the session endpoints', async () => {
  const wrong = await send(control('/sessions/t9'), { method: 'POST', body: '{}' })
  expect(wrong.status).toBe(405)
  expect(values(wrong.lines, 'allow')).toEqual(['GET, PUT, DELETE'])
  const unknown = await send(control('/sesions'))
  expect(JSON.parse(unknown.body).endpoints).toEqual(expect.arrayContaining(['GET /__corslab/sessions', 'GET|PUT|DELETE /__corslab/sessions/:id']))
})

test('the events stream tells about sessions being pointed and deleted', async () => {
  const received: string[] = []
  const controller = new AbortController()
  const res = await fetch(control('/events'), { signal: controller.signal })
  const reader = res.body!.getReader()
  const reading = (async () => {
    const decoder = new TextDecoder()
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }))
      if (done) return
      received.push(...decoder.decode(value).split('\n\n').filter(Boolean))
    }
  })()
  await putSession('t10', '{"scenario":"allow-all"}')
  await send(control('/sessions/t10'), { method: 'DELETE' })
  await expect.poll(() => received.filter((e) => e.startsWith('event: session'))).toEqual([
    'event: session\ndata: {"id":"t10","scenario":"allow-all"}',
    'event: session\ndata: {"id":"t10","scenario":null}',
  ])
  controller.abort()
  await reading
})

test('a session whose scenario leaves the catalog on reload falls back to allow-all, and says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corslab-sessions-'))
  const file = join(dir, 'team-api.yaml')
  writeFileSync(file, `name: team-api
title: Team API
summary: A scenario of our own.
policy: { cors: { origin: true } }
probe: { method: GET, path: /api/items }
expect:
  chromium: { outcome: allowed, preflight: false }
  firefox: { outcome: allowed, preflight: false }
  webkit: { outcome: allowed, preflight: false }
`)
  const lines: string[] = []
  const app = createServer({ scenariosDir: dir, log: (line) => lines.push(line) })
  try {
    contextOf(app).state.setSession('mine', 'team-api')
    rmSync(file)
    expect(contextOf(app).state.reload()).toBe(true)
    expect(contextOf(app).state.session('mine')?.name).toBe('allow-all')
    expect(lines.join('\n')).toMatch(/the scenario team-api of session mine is gone from .*; switched the session to allow-all/)
  } finally {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
