import { delay, http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { isCorslabError } from '../../src/errors.ts'
import { corsHandlers, Journal, type Scenario, type ScenarioObject } from '../../src/msw/index.ts'

const api = 'http://api.test'
const origin = 'http://localhost:5173'

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

function use(options: Partial<Parameters<typeof corsHandlers>[0]> & { scenario: string | ScenarioObject }) {
  const cors = corsHandlers({ target: api, origin, log: 'silent', ...options })
  server.use(...cors)
  return cors
}

function optionError(run: () => unknown): { code: string, message: string } {
  try {
    run()
  } catch (error) {
    if (isCorslabError(error)) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('expected a CorslabError')
}

describe('options', () => {
  test('without a location, origin is required, and the error says how to pass it', () => {
    expect(typeof (globalThis as { location?: unknown }).location).toBe('undefined')
    const error = optionError(() => corsHandlers({ scenario: 'allow-all', target: api }))
    expect(error.code).toBe('E_INVALID_OPTION')
    expect(error.message).toContain('options.origin')
    expect(error.message).toContain("origin: 'http://localhost:5173'")
  })

  test.each([
    [{ target: 'localhost:4010' }, 'options.target'],
    [{ target: 'ftp://api.test' }, 'options.target'],
    [{ target: 'http://api.test?x=1' }, 'options.target'],
    [{ origin: 'http://localhost:5173/app' }, 'options.origin'],
    [{ origin: 'localhost:5173' }, 'options.origin'],
    [{ browser: 'edge' }, 'options.browser'],
    [{ credentials: 'always' }, 'options.credentials'],
    [{ log: 'quiet' }, 'options.log'],
    [{ handlers: http.get('/x', () => undefined) }, 'options.handlers'],
    [{ journal: [] }, 'options.journal'],
    [{ scenario: 42 }, 'options.scenario'],
  ])('%o is refused, naming %s', (bad, option) => {
    const error = optionError(() => corsHandlers({ scenario: 'allow-all', target: api, origin, ...(bad as object) }))
    expect(error).toMatchObject({ code: 'E_INVALID_OPTION' })
    expect(error.message).toContain(option)
  })

  test('a scenario object needs a name and a valid policy; the rest may be left out', async () => {
    const missing = optionError(() => corsHandlers({ scenario: { policy: {} } as unknown as Scenario, target: api, origin }))
    expect(missing.code).toBe('E_SCENARIO_INVALID')
    expect(missing.message).toContain('name: is missing')
    const bad = optionError(() => corsHandlers({ scenario: { name: 'mine', policy: { cors: { origin: 5 } } } as unknown as Scenario, target: api, origin }))
    expect(bad.code).toBe('E_SCENARIO_INVALID')
    expect(bad.message).toContain('policy.cors.origin')
    const cors = corsHandlers({ scenario: { name: 'no-cors-layer', policy: {} }, target: api, origin, log: 'silent' })
    server.use(...cors)
    await expect(fetch(`${api}/api/items`)).rejects.toThrow(TypeError)
    expect(cors.journal.entries()[0]).toMatchObject({ scenario: 'no-cors-layer', verdict: { reason: 'missing-allow-origin' } })
  })

  test('an origin given as a URL with no path is serialized', async () => {
    const cors = corsHandlers({ scenario: 'missing-allow-origin', target: api, origin: 'HTTP://LocalHost:5173/', log: 'silent' })
    server.use(...cors)
    await fetch(`${api}/api/items`).catch(() => {})
    expect(cors.journal.entries()[0]?.origin).toBe('http://localhost:5173')
  })

  test('an unknown scenario name names the closest one', () => {
    const error = optionError(() => corsHandlers({ scenario: 'missing-allow-orgin', target: api, origin }))
    expect(error.code).toBe('E_SCENARIO_NOT_FOUND')
    expect(error.message).toContain('Did you mean "missing-allow-origin"?')
  })
})

describe('which requests are governed', () => {
  test('other origins and paths outside a base URL go on to the next handler', async () => {
    server.resetHandlers(...corsHandlers({ scenario: 'missing-allow-origin', target: `${api}/v1`, origin, log: 'silent' }), http.get('*', () => HttpResponse.text('plain')))
    expect(await (await fetch('http://other.test/api/items')).text()).toBe('plain')
    expect(await (await fetch(`${api}/v2/api/items`)).text()).toBe('plain')
    expect(await (await fetch(`${api}/v1x/api/items`)).text()).toBe('plain')
    await expect(fetch(`${api}/v1/api/items`)).rejects.toThrow(TypeError)
  })

  test('under a base URL the scenario sees the path below it', async () => {
    const cors = use({ scenario: 'allow-all', target: `${api}/v1/` })
    const response = await fetch(`${api}/v1/api/items?page=1`)
    expect(response.status).toBe(200)
    expect(await response.json()).toHaveLength(3)
    expect(cors.journal.entries()).toMatchObject([{ method: 'GET', path: '/api/items?page=1', preflight: false }])
  })

  test('a /@NAME/ path is served under that scenario, as on the server', async () => {
    const cors = use({ scenario: 'allow-all' })
    await expect(fetch(`${api}/@missing-allow-origin/api/items`)).rejects.toThrow(TypeError)
    expect(cors.journal.entries()).toMatchObject([{ scenario: 'missing-allow-origin', path: '/api/items', verdict: { reason: 'missing-allow-origin' } }])
    const unknown = await fetch(`${api}/@nope/api/items`)
    expect(unknown.status).toBe(404)
    expect((await unknown.json()).error).toContain('"nope"')
  })
})

describe('blocked requests', () => {
  test('fetch rejects with a TypeError, the console text goes to log, a journal entry is written', async () => {
    const log = vi.fn()
    const cors = use({ scenario: 'missing-allow-origin', log })
    const error = await fetch(`${api}/api/items`).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect(log).toHaveBeenCalledExactlyOnceWith(
      `Access to fetch at '${api}/api/items' from origin '${origin}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    )
    expect(cors.journal.entries()).toEqual([
      expect.objectContaining({ id: 1, scenario: 'missing-allow-origin', method: 'GET', path: '/api/items', origin, preflight: false, status: 200, verdict: expect.objectContaining({ outcome: 'blocked', stage: 'response', reason: 'missing-allow-origin' }) }),
    ])
  })

  test('log defaults to console.error; silent prints nothing; the browser picks the text', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      server.use(...corsHandlers({ scenario: 'missing-allow-origin', target: api, origin, browser: 'firefox' }))
      await fetch(`${api}/api/items`).catch(() => {})
      expect(spy).toHaveBeenCalledExactlyOnceWith(expect.stringMatching(/^Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http:\/\/api\.test\/api\/items\. \(Reason: CORS header ‘Access-Control-Allow-Origin’ missing\)/))
      spy.mockClear()
      server.resetHandlers(...corsHandlers({ scenario: 'missing-allow-origin', target: api, origin, log: 'silent' }))
      await fetch(`${api}/api/items`).catch(() => {})
      expect(spy).not.toHaveBeenCalled()
    } finally {
      spy.mockRestore()
    }
  })

  test('a preflight for PUT with authorization, refused: the journal shows it and the request never ran', async () => {
    const scenario = { name: 'content-type-only', policy: { cors: { origin: true, credentials: true, methods: ['GET', 'PUT'], allowedHeaders: ['content-type'] } } }
    const route = vi.fn(() => HttpResponse.json({ id: 1 }))
    const cors = use({ scenario, handlers: [http.put(`${api}/api/items/:id`, route)], credentials: 'include' })
    await expect(fetch(`${api}/api/items/1`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: 'Bearer t' }, body: '{}' })).rejects.toThrow(TypeError)
    expect(route).not.toHaveBeenCalled()
    const entries = cors.journal.entries()
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      scenario: 'content-type-only',
      method: 'OPTIONS',
      preflight: true,
      requestHeaders: { 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type' },
      status: 204,
      verdict: { outcome: 'blocked', stage: 'preflight', reason: 'header-not-allowed' },
    })
  })

  test('blocked at the response: the request reached the route (the server ran it), the page gets nothing', async () => {
    const route = vi.fn(() => HttpResponse.json({ saved: true }))
    use({ scenario: 'preflight-only-cors', handlers: [http.put(`${api}/api/items/:id`, route)] })
    await expect(fetch(`${api}/api/items/1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' })).rejects.toThrow(TypeError)
    expect(route).toHaveBeenCalledOnce()
  })

  test('a route of yours cannot add the CORS headers the scenario withholds', async () => {
    use({ scenario: 'missing-allow-origin', handlers: [http.get(`${api}/api/items`, () => HttpResponse.json([], { headers: { 'access-control-allow-origin': '*' } }))] })
    await expect(fetch(`${api}/api/items`)).rejects.toThrow(TypeError)
  })
})

describe('allowed requests', () => {
  const items = () => HttpResponse.json([{ id: 1 }], { headers: { 'x-total-count': '1', 'x-request-id': 'abc', 'cache-control': 'no-store' } })

  test('your handler makes the body; only the headers the page could read are left', async () => {
    use({ scenario: 'hidden-response-header', handlers: [http.get(`${api}/api/items`, items)] })
    const response = await fetch(`${api}/api/items`)
    expect(await response.json()).toEqual([{ id: 1 }])
    expect(response.headers.get('x-total-count')).toBeNull()
    expect(response.headers.get('x-request-id')).toBeNull()
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
    expect(response.headers.get('vary')).toBeNull()
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('content-type')).toBe('application/json')
  })

  test('a scenario\'s fault reaches your response: a readable header it sets, a status it changes', async () => {
    const scenario: ScenarioObject = {
      name: 'faulty',
      policy: {
        cors: { origin: true },
        faults: [
          { when: { path: '/api/items' }, set: { 'content-language': 'fr' }, remove: ['cache-control'] },
          { when: { path: '/api/items/1' }, status: 503 },
        ],
      },
    }
    use({ scenario, handlers: [http.get(`${api}/api/items`, items), http.get(`${api}/api/items/:id`, () => HttpResponse.json({ id: 1 }))] })
    const list = await fetch(`${api}/api/items`)
    expect(list.headers.get('content-language')).toBe('fr')
    expect(list.headers.get('cache-control')).toBeNull()
    expect(await list.json()).toEqual([{ id: 1 }])
    const one = await fetch(`${api}/api/items/1`)
    expect(one.status).toBe(503)
    expect(await one.json()).toEqual({ id: 1 })
  })

  test('an exposed header stays readable, with credentials too', async () => {
    use({ scenario: 'allow-all', handlers: [http.get(`${api}/api/items`, items)], credentials: 'include' })
    const response = await fetch(`${api}/api/items`, { credentials: 'include' })
    expect(response.headers.get('x-total-count')).toBe('1')
    expect(response.headers.get('x-request-id')).toBeNull()
  })

  test('without handlers, the default API answers as corslab serve does; reset() restores it', async () => {
    const cors = use({ scenario: 'allow-all' })
    const created = await fetch(`${api}/api/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Buy milk"}' })
    expect(created.status).toBe(201)
    expect(await created.json()).toEqual({ id: 4, name: 'Buy milk', done: false })
    expect((await fetch(`${api}/api/items/4`)).status).toBe(200)
    expect((await fetch(`${api}/api/error/503`)).status).toBe(503)
    expect(cors.journal.entries().filter((e) => e.preflight)).toHaveLength(1)
    cors.reset()
    expect(cors.journal.entries()).toEqual([])
    expect((await fetch(`${api}/api/items/4`)).status).toBe(404)
  })

  test('an async handler runs once per request, though the engine waits for it', async () => {
    const route = vi.fn(async () => {
      await delay(20)
      return HttpResponse.json({ id: 1, name: 'x' })
    })
    const cors = use({ scenario: 'allow-all', handlers: [http.put(`${api}/api/items/:id`, route)] })
    const response = await fetch(`${api}/api/items/1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' })
    expect(await response.json()).toEqual({ id: 1, name: 'x' })
    expect(route).toHaveBeenCalledOnce()
    expect(cors.journal.entries().map((e) => [e.method, e.preflight, e.verdict?.outcome])).toEqual([['OPTIONS', true, 'allowed'], ['PUT', false, 'allowed']])
  })

  test('your handler receives the page\'s request, body included', async () => {
    let seen: unknown
    use({ scenario: 'allow-all', handlers: [http.post(`${api}/api/items`, async ({ request }) => {
      seen = await request.json()
      return HttpResponse.json({ id: 9 }, { status: 201 })
    })] })
    expect((await fetch(`${api}/api/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"a"}' })).status).toBe(201)
    expect(seen).toEqual({ name: 'a' })
  })

  test('no handler of yours answers: the server\'s 404, with the scenario\'s CORS headers', async () => {
    use({ scenario: 'allow-all', handlers: [] })
    const response = await fetch(`${api}/api/nothing`)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ statusCode: 404, error: 'Not Found' })
  })

  test('a preflight the scenario lets through reaches your OPTIONS route, as on the server', async () => {
    const send = () => fetch(`${api}/api/items/1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' })
    const without = use({ scenario: 'missing-preflight', handlers: [http.put(`${api}/api/items/:id`, () => HttpResponse.json({}))] })
    await expect(send()).rejects.toThrow(TypeError)
    expect(without.journal.entries().at(-1)?.verdict?.reason).toBe('preflight-invalid-status')
    server.resetHandlers()
    const withOptions = use({
      scenario: 'missing-preflight',
      handlers: [http.options(`${api}/api/items/:id`, () => new HttpResponse(null, { status: 204 })), http.put(`${api}/api/items/:id`, () => HttpResponse.json({}))],
    })
    await expect(send()).rejects.toThrow(TypeError)
    // Now the 204 passes the status check, and the missing Access-Control-Allow-Methods is what fails.
    expect(withOptions.journal.entries().at(-1)?.verdict?.reason).toBe('method-not-allowed')
  })

  test('a redirect is followed inside the handlers: each hop judged, the page gets the last answer', async () => {
    const scenario: ScenarioObject = {
      name: 'moved',
      policy: { cors: { origin: true }, faults: [{ when: { path: '/api/old', preflight: false }, status: 301, set: { location: '/api/items' } }] },
    }
    const cors = use({ scenario })
    const response = await fetch(`${api}/api/old`)
    expect(response.status).toBe(200)
    expect(await response.json()).toHaveLength(3)
    expect(cors.journal.entries().map((e) => [e.path, e.status])).toEqual([['/api/old', 301], ['/api/items', 200]])
  })

  test('the credentials mode can depend on the request', async () => {
    use({ scenario: 'missing-allow-credentials', credentials: (request) => (new URL(request.url).pathname === '/api/me' ? 'include' : 'omit') })
    expect((await fetch(`${api}/api/items`)).status).toBe(200)
    await expect(fetch(`${api}/api/me`)).rejects.toThrow(TypeError)
  })

  test('the page waits as a browser would: the route\'s delay and the preflight\'s', async () => {
    use({ scenario: 'allow-all' })
    let start = performance.now()
    expect((await fetch(`${api}/api/slow?ms=250`)).status).toBe(200)
    expect(performance.now() - start).toBeGreaterThanOrEqual(240)
    server.resetHandlers()
    use({ scenario: 'slow-preflight' })
    start = performance.now()
    expect((await fetch(`${api}/api/items/1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200)
    expect(performance.now() - start).toBeGreaterThanOrEqual(2990)
  })
})

describe('preflight cache and reset()', () => {
  test('Access-Control-Max-Age spares the second preflight; reset() forgets it', async () => {
    const cors = use({ scenario: 'preflight-cache' })
    const put = () => fetch(`${api}/api/items/1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' })
    await put()
    await put()
    expect(cors.journal.entries().map((e) => e.method)).toEqual(['OPTIONS', 'PUT', 'PUT'])
    cors.reset()
    await put()
    expect(cors.journal.entries().map((e) => e.method)).toEqual(['OPTIONS', 'PUT'])
  })

  test('each handler set has its own cache; a journal can be shared', async () => {
    const journal = new Journal()
    const put = () => fetch(`${api}/api/items/1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' })
    const first = use({ scenario: 'preflight-cache', journal })
    await put()
    server.resetHandlers()
    const second = use({ scenario: 'preflight-cache', journal })
    await put()
    expect(first.journal).toBe(journal)
    expect(second.journal).toBe(journal)
    expect(journal.entries().map((e) => e.method)).toEqual(['OPTIONS', 'PUT', 'OPTIONS', 'PUT'])
  })
})

describe('preflights the environment sends by itself', () => {
  test('one with Access-Control-Request-Method (jsdom\'s XHR) is passed and not journaled', async () => {
    const cors = use({ scenario: 'missing-allow-origin' })
    const response = await fetch(`${api}/api/items/1`, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-a' } })
    expect(response.status).toBe(204)
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'access-control-allow-origin': 'http://localhost:3000',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'PUT',
      'access-control-allow-headers': 'x-a',
    })
    expect(cors.journal.entries()).toEqual([])
  })

  test('happy-dom\'s (its Request drops Origin and Access-Control-Request-*) is told by its User-Agent', async () => {
    const cors = use({ scenario: 'missing-allow-origin' })
    const agent = 'Mozilla/5.0 (X11; Linux x64) AppleWebKit/537.36 (KHTML, like Gecko) HappyDOM/21.0.4'
    const response = await fetch(`${api}/api/items`, { method: 'OPTIONS', headers: { 'user-agent': agent } })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe(origin)
    expect(response.headers.get('access-control-allow-methods')).toBe('*')
    expect(cors.journal.entries()).toEqual([])
    // A page's own OPTIONS in Node is a request like any other: the engine preflights it (OPTIONS
    // is not a safelisted method), and under this scenario the preflight is refused.
    await expect(fetch(`${api}/api/items`, { method: 'OPTIONS' })).rejects.toThrow(TypeError)
    expect(cors.journal.entries()).toMatchObject([{ method: 'OPTIONS', preflight: true, requestHeaders: { 'access-control-request-method': 'OPTIONS' }, verdict: { stage: 'preflight' } }])
  })
})
