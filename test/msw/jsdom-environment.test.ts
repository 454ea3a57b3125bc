// @vitest-environment jsdom
import axios from 'axios'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest'
import { corsHandlers } from '../../src/msw/index.ts'

// What jsdom does about CORS on its own, and how the handlers keep the result equal to the engine's.
const api = 'http://127.0.0.1:4010'
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

// Records what reaches MSW, then lets the next handler answer.
function recorder(seen: string[]) {
  return http.all(`${api}/*`, ({ request }) => {
    seen.push(`${request.method} ${request.headers.get('origin') ?? '-'}`)
  })
}

test('jsdom\'s XHR checks CORS by itself; jsdom\'s fetch is Node\'s and does not', async () => {
  server.use(http.get(`${api}/plain`, () => HttpResponse.json({ ok: true })))
  await expect(axios.get(`${api}/plain`)).rejects.toMatchObject({ code: 'ERR_NETWORK' })
  expect((await fetch(`${api}/plain`)).status).toBe(200)
})

test('jsdom preflights by header name only; the journal shows the preflight a browser sends', async () => {
  const seen: string[] = []
  const cors = corsHandlers({ scenario: 'allow-all', target: api, log: 'silent' })
  server.use(recorder(seen), ...cors)
  // POST with Content-Type: application/json: jsdom sends no preflight (the name is safelisted), browsers do.
  await axios.post(`${api}/api/items`, { name: 'a' })
  expect(seen).toEqual([`POST ${location.origin}`])
  expect(cors.journal.entries().map((e) => e.method)).toEqual(['OPTIONS', 'POST'])
  // PUT: jsdom sends its own preflight; the handlers pass it and journal only the browser's one.
  seen.length = 0
  await axios.put(`${api}/api/items/1`, { name: 'b' })
  expect(seen).toEqual([`OPTIONS ${location.origin}`, `PUT ${location.origin}`])
  expect(cors.journal.entries().map((e) => e.method)).toEqual(['OPTIONS', 'POST', 'OPTIONS', 'PUT'])
})

test('a preflight jsdom would pass but a browser refuses is refused (jsdom never checks the method)', async () => {
  const cors = corsHandlers({ scenario: 'disallowed-method', target: api, log: 'silent' })
  server.use(...cors)
  await expect(axios.patch(`${api}/api/items/1`, { done: true })).rejects.toMatchObject({ code: 'ERR_NETWORK' })
  expect(cors.journal.entries().at(-1)?.verdict).toMatchObject({ stage: 'preflight', reason: 'method-not-allowed' })
})

test('jsdom exposes every header for Access-Control-Expose-Headers: * even with credentials; the handlers show what a browser does', async () => {
  server.use(http.get(`${api}/plain`, () => HttpResponse.json([], {
    headers: { 'access-control-allow-origin': location.origin, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': '*', 'x-total-count': '3' },
  })))
  expect((await axios.get(`${api}/plain`, { withCredentials: true })).headers['x-total-count']).toBe('3')
  server.use(...corsHandlers({ scenario: 'expose-headers-wildcard-with-credentials', target: api, log: 'silent' }))
  expect((await axios.get(`${api}/api/items`, { withCredentials: true })).headers['x-total-count']).toBeUndefined()
})

test('no double blocking: an allowed credentialed request passes jsdom\'s own check, and reads only what a browser reads', async () => {
  server.use(...corsHandlers({ scenario: 'allow-all', target: api, log: 'silent' }))
  const response = await axios.get(`${api}/api/items`, { withCredentials: true })
  expect(response.status).toBe(200)
  expect(response.headers['x-total-count']).toBe('3')
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8')
  expect(response.headers['access-control-allow-origin']).toBeUndefined()
  expect(response.headers['access-control-expose-headers']).toBeUndefined()
  expect(response.headers['vary']).toBeUndefined()
})

test('the page\'s credentials mode reaches the verdict with no option: fetch\'s (Node\'s, observed) and XHR\'s withCredentials', async () => {
  const warn = vi.spyOn(console, 'warn')
  const cors = corsHandlers({ scenario: 'wildcard-with-credentials', target: api, log: 'silent' })
  server.use(...cors)
  await expect(fetch(`${api}/api/items`, { credentials: 'include' })).rejects.toThrow(TypeError)
  await expect(axios.get(`${api}/api/items`, { withCredentials: true })).rejects.toMatchObject({ code: 'ERR_NETWORK' })
  expect((await fetch(`${api}/api/items`)).status).toBe(200)
  expect((await axios.get(`${api}/api/items`)).status).toBe(200)
  expect(cors.journal.entries().map((e) => e.verdict?.reason ?? e.verdict?.outcome)).toEqual(['wildcard-origin-with-credentials', 'wildcard-origin-with-credentials', 'allowed', 'allowed'])
  expect(warn).not.toHaveBeenCalled()
  warn.mockRestore()
})

test('signing in to the mock API works as in a browser, with fetch and with axios', async () => {
  // The page (jsdom's http://localhost:3000) and the API on one site, so the SameSite=Lax cookie is sent.
  const sameSite = 'http://localhost:4010'
  server.use(...corsHandlers({ scenario: 'allow-all', target: sameSite, log: 'silent' }))
  await expect(axios.get(`${sameSite}/api/me`, { withCredentials: true })).rejects.toMatchObject({ response: { status: 401 } })
  expect((await fetch(`${sameSite}/api/session`, { method: 'POST', credentials: 'include' })).status).toBe(200)
  expect((await axios.get(`${sameSite}/api/me`, { withCredentials: true })).data).toEqual({ user: 'demo', session: 'demo' })
  expect((await fetch(`${sameSite}/api/me`)).status).toBe(401)
  expect(document.cookie).toBe('')
})
