import type { CallInit, CallResult } from './support/test.ts'
import { expect, test } from './support/test.ts'

const json = { 'content-type': 'application/json' }

interface Case {
  scenario: string
  path: string
  init?: CallInit
  /** What the page sees. */
  check: (result: CallResult) => void
  /** The journal rows, as `METHOD path`, in order. */
  rows: string[]
}

const blocked = (result: CallResult) => expect(result.error).toMatch(/^TypeError/)

const cases: Case[] = [
  { scenario: 'allow-all', path: '/api/items/1', init: { method: 'PUT', headers: json, body: '{}' }, check: (r) => expect(r.status).toBe(200), rows: ['OPTIONS /api/items/1', 'PUT /api/items/1'] },
  { scenario: 'missing-preflight', path: '/api/items/1', init: { method: 'PUT', headers: json, body: '{}' }, check: blocked, rows: ['OPTIONS /api/items/1'] },
  { scenario: 'disallowed-header', path: '/api/items', init: { method: 'POST', headers: { ...json, 'x-request-id': '1' }, body: '{}' }, check: blocked, rows: ['OPTIONS /api/items'] },
  { scenario: 'wildcard-with-credentials', path: '/api/me', init: { credentials: 'include' }, check: blocked, rows: ['GET /api/me'] },
  { scenario: 'error-responses-without-cors', path: '/api/error/500', check: blocked, rows: ['GET /api/error/500'] },
  { scenario: 'hidden-response-header', path: '/api/items', check: (r) => expect(r.headers).not.toHaveProperty('x-total-count'), rows: ['GET /api/items'] },
  { scenario: 'missing-allow-origin', path: '/api/items', check: blocked, rows: ['GET /api/items'] },
  { scenario: 'disallowed-method', path: '/api/items/1', init: { method: 'PATCH', headers: json, body: '{}' }, check: blocked, rows: ['OPTIONS /api/items/1'] },
]

// Every case twice, spread over the workers: each test must see its own scenario and only its own rows.
test.describe.configure({ mode: 'parallel' })

for (const c of cases) {
  for (const round of [1, 2]) {
    test.describe(() => {
      test.use({ corsScenario: c.scenario })

      test(`${c.scenario} (${round}) sees its own scenario and journal`, async ({ call, corslab }) => {
        expect(corslab.scenario).toBe(c.scenario)
        expect(corslab.url).toBe(`${corslab.origin}/@${corslab.session}`)
        // Two calls a little apart, so that tests on the same server would interleave if they could.
        for (let i = 0; i < 2; i++) {
          c.check(await call(c.path, c.init))
          await new Promise((resolve) => setTimeout(resolve, 20 * Math.random()))
        }
        const rows = await corslab.journal()
        expect(rows.every((r) => r.session === corslab.session && r.scenario === c.scenario)).toBe(true)
        // The second call may ride on the first one's cached preflight; the first call's rows come first.
        expect(rows.slice(0, c.rows.length).map((r) => `${r.method} ${r.path}`)).toEqual(c.rows)
      })
    })
  }
}

test('another session on the same server stays out of this test\'s journal', async ({ call, corslab, request }) => {
  const other = `other-${corslab.session}`
  expect((await request.put(`${corslab.origin}/__corslab/sessions/${other}`, { data: { scenario: 'missing-allow-origin' } })).status()).toBe(201)
  await call('/api/items')
  await request.get(`${corslab.origin}/@${other}/api/items`, { headers: { origin: 'http://localhost:1' } })
  await call('/api/hello')
  expect((await corslab.journal()).map((r) => `${r.scenario} ${r.path}`)).toEqual(['allow-all /api/items', 'allow-all /api/hello'])
  // Nor does a session move the server's active scenario.
  expect((await (await request.get(`${corslab.origin}/__corslab/scenario`)).json()).name).toBe('allow-all')
  await request.delete(`${corslab.origin}/__corslab/sessions/${other}`)
})

test.describe.serial('one test after another in a worker', () => {
  let earlier: string | undefined

  test('a test gets a session', async ({ corslab }) => {
    earlier = corslab.url
  })

  test('the next gets another one, and the earlier session is gone', async ({ corslab, request }) => {
    expect(earlier).toBeDefined()
    expect(corslab.url).not.toBe(earlier)
    const response = await request.get(`${earlier}/api/items`)
    expect(response.status()).toBe(404)
    expect((await response.json()).error).toMatch(/no scenario named "t\d+-[0-9a-f]+" and no session with that id/)
  })
})
