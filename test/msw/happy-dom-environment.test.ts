// @vitest-environment happy-dom
import axios from 'axios'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { corsHandlers } from '../../src/msw/index.ts'

// What happy-dom does about CORS on its own, and how the handlers keep the result equal to the engine's.
const api = 'http://127.0.0.1:4010'
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

function recorder(seen: string[]) {
  return http.all(`${api}/*`, ({ request }) => {
    seen.push(`${request.method} ${request.credentials}`)
  })
}

test('happy-dom sends an OPTIONS before even a simple GET, and refuses when it is not answered with CORS', async () => {
  server.use(http.all(`${api}/plain`, ({ request }) => (request.method === 'OPTIONS'
    ? new HttpResponse(null, { status: 404 })
    : HttpResponse.json({}, { headers: { 'access-control-allow-origin': '*' } }))))
  // A browser sends this GET without a preflight and lets the page read it.
  await expect(fetch(`${api}/plain`)).rejects.toMatchObject({ name: 'NetworkError' })
})

test('the handlers pass happy-dom\'s OPTIONS: a simple GET under missing-preflight works, as in a browser', async () => {
  const seen: string[] = []
  const cors = corsHandlers({ scenario: 'missing-preflight', target: api, log: 'silent' })
  server.use(recorder(seen), ...cors)
  const response = await fetch(`${api}/api/items`)
  expect(response.status).toBe(200)
  expect(seen.map((s) => s.split(' ')[0])).toEqual(['OPTIONS', 'GET'])
  expect(cors.journal.entries()).toMatchObject([{ method: 'GET', preflight: false, verdict: { outcome: 'allowed' } }])
  // And the PUT a browser preflights is still refused, by the engine.
  await expect(fetch(`${api}/api/items/1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' })).rejects.toMatchObject({ name: 'NetworkError' })
  expect(cors.journal.entries().at(-1)?.verdict).toMatchObject({ stage: 'preflight', reason: 'preflight-invalid-status' })
})

test('happy-dom\'s fetch loses the credentials mode on the way to MSW, its XHR keeps withCredentials; the handlers judge with the page\'s own', async () => {
  const seen: string[] = []
  const cors = corsHandlers({ scenario: 'wildcard-with-credentials', target: api, log: 'silent' })
  server.use(recorder(seen), ...cors)
  await expect(fetch(`${api}/api/items`, { credentials: 'include' })).rejects.toMatchObject({ name: 'NetworkError' })
  await expect(axios.get(`${api}/api/items`, { withCredentials: true })).rejects.toMatchObject({ code: 'ERR_NETWORK' })
  expect(seen).toEqual(['OPTIONS same-origin', 'GET same-origin', 'OPTIONS include', 'GET include'])
  expect(cors.journal.entries().map((e) => e.verdict?.reason)).toEqual(['wildcard-origin-with-credentials', 'wildcard-origin-with-credentials'])
  expect((await fetch(`${api}/api/items`)).status).toBe(200)
})

test('signing in to the mock API works as in a browser, with fetch and with axios', async () => {
  const sameSite = 'http://localhost:4010'
  server.use(...corsHandlers({ scenario: 'allow-all', target: sameSite, log: 'silent' }))
  expect((await fetch(`${sameSite}/api/me`, { credentials: 'include' })).status).toBe(401)
  expect((await axios.post(`${sameSite}/api/session`, null, { withCredentials: true })).status).toBe(200)
  expect(await (await fetch(`${sameSite}/api/me`, { credentials: 'include' })).json()).toEqual({ user: 'demo', session: 'demo' })
  expect((await fetch(`${sameSite}/api/me`)).status).toBe(401)
})

test('happy-dom reads every header it gets; the handlers send only the readable ones', async () => {
  server.use(...corsHandlers({ scenario: 'hidden-response-header', target: api, log: 'silent' }))
  const response = await fetch(`${api}/api/items`)
  expect(response.headers.get('x-total-count')).toBeNull()
  expect(response.headers.get('access-control-allow-origin')).toBeNull()
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
})
