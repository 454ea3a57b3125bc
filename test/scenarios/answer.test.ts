import { expect, test } from 'vitest'
import { isPreflightRequest } from '../../src/scenarios/answer.ts'
import { altOrigin } from '../../src/scenarios/faults.ts'
import { answer, getScenario, type Scenario } from '../../src/scenarios/index.ts'

const origin = 'http://localhost:3000'

function scenario(policy: Scenario['policy']): Scenario {
  return {
    name: 'unit',
    title: 't',
    summary: 's',
    policy,
    probe: { method: 'GET', path: '/api/items' },
    expect: { chromium: { outcome: 'allowed', preflight: false }, firefox: { outcome: 'allowed', preflight: false }, webkit: { outcome: 'allowed', preflight: false } },
  }
}

const preflight = (extra: Array<[string, string]> = []) => ({
  method: 'OPTIONS',
  path: '/api/items/1',
  headers: [['host', '127.0.0.1:4010'], ['origin', origin], ['access-control-request-method', 'PUT'], ...extra] as Array<[string, string]>,
})
const get = (path = '/api/items', extra: Array<[string, string]> = []) => ({ method: 'GET', path, headers: [['host', '127.0.0.1:4010'], ['origin', origin], ...extra] as Array<[string, string]> })

test('a preflight is an OPTIONS with Origin and Access-Control-Request-Method', () => {
  expect(isPreflightRequest('OPTIONS', preflight().headers)).toBe(true)
  expect(isPreflightRequest('OPTIONS', [['origin', origin]])).toBe(false)
  expect(isPreflightRequest('GET', preflight().headers)).toBe(false)
})

test('no CORS layer: no CORS headers, and an OPTIONS falls through to a 404', () => {
  const s = scenario({})
  expect(answer(s, get(), { status: 200, headers: [['x-total-count', '3']] })).toMatchObject({ status: 200, headers: [['x-total-count', '3']], from: 'route' })
  const options = answer(s, preflight())
  expect(options).toMatchObject({ status: 404, preflight: true, from: 'route' })
  expect(options.headers.map(([n]) => n.toLowerCase())).toEqual(['content-type'])
})

test('@fastify/cors defaults: origin *, methods GET,HEAD,POST, a 204 preflight reflecting the requested headers', () => {
  const a = answer(scenario({ cors: {} }), preflight([['access-control-request-headers', 'content-type,x-a']]))
  expect(a).toMatchObject({ status: 204, from: 'cors', body: '' })
  expect(a.headers).toEqual([
    ['Access-Control-Allow-Origin', '*'],
    ['Access-Control-Allow-Methods', 'GET,HEAD,POST'],
    ['Vary', 'Access-Control-Request-Headers'],
    ['Access-Control-Allow-Headers', 'content-type,x-a'],
    ['Content-Length', '0'],
  ])
})

test('origin true reflects the Origin and varies on it; the route answer follows the CORS headers', () => {
  const a = answer(scenario({ cors: { origin: true, credentials: true, exposedHeaders: ['x-total-count', 'etag'] } }), get(), { status: 201, headers: [['x-total-count', '3']] })
  expect(a.status).toBe(201)
  expect(a.headers).toEqual([
    ['Vary', 'Origin'],
    ['Access-Control-Allow-Origin', origin],
    ['Access-Control-Allow-Credentials', 'true'],
    ['Access-Control-Expose-Headers', 'x-total-count, etag'],
    ['x-total-count', '3'],
  ])
})

test('an allow-list reflects listed origins only, and always varies on Origin', () => {
  const s = scenario({ cors: { origin: ['https://app.example.com', origin] } })
  expect(answer(s, get()).headers).toEqual([['Vary', 'Origin'], ['Access-Control-Allow-Origin', origin]])
  const other = { ...get(), headers: [['origin', 'http://evil.example']] as Array<[string, string]> }
  expect(answer(s, other).headers).toEqual([['Vary', 'Origin']])
})

test('a list holding * is the string *: no Vary', () => {
  expect(answer(scenario({ cors: { origin: ['https://a.example', '*'] } }), get()).headers).toEqual([['Access-Control-Allow-Origin', '*']])
})

test('strictPreflight: an OPTIONS without Access-Control-Request-Method gets 400 Invalid Preflight Request', () => {
  const bare = { method: 'OPTIONS', path: '/api/items', headers: [['origin', origin]] as Array<[string, string]> }
  const strict = answer(scenario({ cors: { origin: true } }), bare)
  expect(strict).toMatchObject({ status: 400, body: 'Invalid Preflight Request', from: 'cors', preflight: false })
  const lax = answer(scenario({ cors: { origin: true, strictPreflight: false, optionsSuccessStatus: 200, maxAge: 0, allowedHeaders: 'a,b' } }), bare)
  expect(lax.status).toBe(200)
  expect(lax.headers).toContainEqual(['Access-Control-Max-Age', '0'])
  expect(lax.headers).toContainEqual(['Access-Control-Allow-Headers', 'a,b'])
})

test('preflight false and origin false pass the OPTIONS on to the route', () => {
  expect(answer(scenario({ cors: { origin: true, preflight: false } }), preflight())).toMatchObject({ status: 404, from: 'route' })
  const off = answer(scenario({ cors: { origin: false } }), preflight())
  expect(off.headers.some(([n]) => /^(vary|access-control)/i.test(n))).toBe(false)
})

test("a route's own Access-Control-* lines are dropped and its Vary merged", () => {
  const a = answer(scenario({ cors: { origin: true } }), get(), { status: 200, headers: [['Access-Control-Allow-Origin', '*'], ['Vary', 'Accept-Encoding, origin']] })
  expect(a.headers).toEqual([['Vary', 'Origin, Accept-Encoding'], ['Access-Control-Allow-Origin', origin]])
})

test('fault actions run in order: status, remove, set, add, delay', () => {
  const s = scenario({
    cors: { origin: true, credentials: true },
    faults: [{ status: 503, remove: ['access-control-allow-credentials'], set: { vary: 'Accept' }, add: { 'access-control-allow-origin': ['*', '{origin}'] }, delay: 20 }],
  })
  const a = answer(s, get(), { status: 200 })
  expect(a.status).toBe(503)
  expect(a.delayMs).toBe(20)
  expect(a.headers).toEqual([['vary', 'Accept'], ['Access-Control-Allow-Origin', origin], ['access-control-allow-origin', '*'], ['access-control-allow-origin', origin]])
})

test('remove takes a prefix pattern, case-insensitively', () => {
  const a = answer(scenario({ cors: { origin: true, credentials: true }, faults: [{ remove: ['ACCESS-CONTROL-*'] }] }), get())
  expect(a.headers).toEqual([['Vary', 'Origin']])
})

test('when: preflight, status class, path prefix and method select the answers a fault changes', () => {
  const s = scenario({
    cors: { origin: true },
    faults: [
      { when: { preflight: true }, set: { 'x-hit': 'preflight' } },
      { when: { status: ['4xx', 500] }, set: { 'x-hit': 'error' } },
      { when: { path: '/api/*', method: ['delete'] }, set: { 'x-hit': 'delete' } },
      { when: { path: '/exact' }, set: { 'x-hit': 'exact' } },
    ],
  })
  const hit = (request: Parameters<typeof answer>[1], route?: Parameters<typeof answer>[2]) => answer(s, request, route).headers.find(([n]) => n === 'x-hit')?.[1]
  expect(hit(preflight())).toBe('preflight')
  expect(hit(get(), { status: 404 })).toBe('error')
  expect(hit(get(), { status: 500 })).toBe('error')
  expect(hit(get(), { status: 503 })).toBeUndefined()
  expect(hit({ ...get('/api/items/2'), method: 'DELETE' })).toBe('delete')
  expect(hit(get('/exact?x=1'))).toBe('exact')
  expect(hit(get('/exact/more'))).toBeUndefined()
})

test('a fault sees the status an earlier fault set', () => {
  const s = scenario({ faults: [{ status: 500 }, { when: { status: '5xx' }, set: { 'x-seen': 'yes' } }] })
  expect(answer(s, get()).headers).toContainEqual(['x-seen', 'yes'])
})

test('placeholders: {origin}, {path}, {scenario}, {altOrigin}', () => {
  const s = scenario({ faults: [{ set: { 'x-v': '{origin}|{path}|{scenario}|{altOrigin}|{other}' } }] })
  expect(answer(s, get('/api/items?page=2')).headers).toEqual([['x-v', `${origin}|/api/items?page=2|unit|http://localhost:4010|{other}`]])
})

test('{altOrigin} swaps localhost and the other loopback names, keeping the port', () => {
  expect(altOrigin('127.0.0.1:4010')).toBe('http://localhost:4010')
  expect(altOrigin('localhost:5000')).toBe('http://127.0.0.1:5000')
  expect(altOrigin('[::1]:80')).toBe('http://localhost:80')
  expect(altOrigin(undefined)).toBe('http://localhost')
})

test('a route delay and fault delays add up', () => {
  const s = scenario({ faults: [{ delay: 10 }, { delay: 5 }] })
  expect(answer(s, get(), { status: 200, delayMs: 100 }).delayMs).toBe(115)
  expect(answer(scenario({}), get()).delayMs).toBeUndefined()
})

test('answer does not change the route answer it is given', () => {
  const route = { status: 200, headers: [['x-a', '1']] as Array<[string, string]> }
  answer(scenario({ faults: [{ set: { 'x-a': '2' } }] }), get(), route)
  expect(route.headers).toEqual([['x-a', '1']])
})

test('redirect-cross-origin sends the request to the login page on the other loopback name', () => {
  const s = getScenario('redirect-cross-origin')
  const first = answer(s, get())
  expect(first.status).toBe(302)
  expect(first.headers).toContainEqual(['location', 'http://localhost:4010/@redirect-cross-origin/login?next=/api/items'])
  const login = answer(s, { method: 'GET', path: '/login?next=/api/items', headers: [['host', 'localhost:4010'], ['origin', 'null']] }, { status: 404 })
  expect(login.headers.some(([n]) => /^(access-control|vary)/i.test(n))).toBe(false)
})
