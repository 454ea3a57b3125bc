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

test('happy-dom\'s fetch loses the credentials mode on the way to MSW; its XHR keeps withCredentials', async () => {
  const seen: string[] = []
  server.use(recorder(seen), ...corsHandlers({ scenario: 'allow-all', target: api, log: 'silent' }))
  await fetch(`${api}/api/items`, { credentials: 'include' })
  await axios.get(`${api}/api/items`, { withCredentials: true })
  expect(seen).toEqual(['OPTIONS same-origin', 'GET same-origin', 'OPTIONS include', 'GET include'])
})

test('happy-dom reads every header it gets; the handlers send only the readable ones', async () => {
  server.use(...corsHandlers({ scenario: 'hidden-response-header', target: api, log: 'silent' }))
  const response = await fetch(`${api}/api/items`)
  expect(response.headers.get('x-total-count')).toBeNull()
  expect(response.headers.get('access-control-allow-origin')).toBeNull()
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
})
