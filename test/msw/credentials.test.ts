import http from 'node:http'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { corsHandlers, type CorsHandlersOptions } from '../../src/msw/index.ts'

// How the page's credentials mode reaches the verdict in Vitest's node environment, with no
// `credentials` option; the warning where it cannot; and the mock API's sign-in.
const api = 'http://localhost:4010'
const origin = 'http://localhost:5173'

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

let warnings: string[] = []
beforeEach(() => {
  warnings = []
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')))
})
afterEach(() => vi.restoreAllMocks())

function use(options: Partial<CorsHandlersOptions> & { scenario: string }) {
  const cors = corsHandlers({ target: api, origin, log: 'silent', ...options })
  server.use(...cors)
  return cors
}

// node:http shows MSW nothing of a page: no credentials mode, as axios's http adapter.
function plainGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // Through the module, as axios calls it: MSW patches http.request when the server listens.
    http.request(url, (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode ?? 0))
    }).on('error', reject).end()
  })
}

const ok = async (promise: Promise<Response>) => (await promise).status

describe('fetch: the page\'s own mode, with no option', () => {
  test('under wildcard-with-credentials, only the credentialed fetch is blocked', async () => {
    const cors = use({ scenario: 'wildcard-with-credentials' })
    await expect(fetch(`${api}/api/me`, { credentials: 'include' })).rejects.toThrow(TypeError)
    expect(cors.journal.entries().at(-1)?.verdict).toMatchObject({ outcome: 'blocked', reason: 'wildcard-origin-with-credentials' })
    expect(await ok(fetch(`${api}/api/me`, { credentials: 'same-origin' }))).toBe(401)
    expect(await ok(fetch(`${api}/api/me`, { credentials: 'omit' }))).toBe(401)
    expect(await ok(fetch(`${api}/api/me`))).toBe(401)
    expect(warnings).toEqual([])
  })

  test('a Request carries its mode, and fetch()\'s init overrides it', async () => {
    use({ scenario: 'wildcard-with-credentials' })
    await expect(fetch(new Request(`${api}/api/me`, { credentials: 'include' }))).rejects.toThrow(TypeError)
    expect(await ok(fetch(new Request(`${api}/api/me`, { credentials: 'include' }), { credentials: 'omit' }))).toBe(401)
    await expect(fetch(new URL(`${api}/api/me#top`), { credentials: 'include' })).rejects.toThrow(TypeError)
    expect(warnings).toEqual([])
  })

  test('the readable headers follow the mode: Access-Control-Expose-Headers: * exposes nothing with credentials', async () => {
    use({ scenario: 'expose-headers-wildcard-with-credentials' })
    expect((await fetch(`${api}/api/items`)).headers.get('x-total-count')).toBe('3')
    expect((await fetch(`${api}/api/items`, { credentials: 'include' })).headers.get('x-total-count')).toBeNull()
  })

  test('the credentials option wins over what the request shows', async () => {
    use({ scenario: 'wildcard-with-credentials', credentials: 'include' })
    await expect(fetch(`${api}/api/me`)).rejects.toThrow(TypeError)
  })
})

describe('where the mode cannot be told: one warning, never a silent pass', () => {
  test('node:http (as axios\'s http adapter): the first request whose verdict depends on the mode warns, once', async () => {
    const cors = use({ scenario: 'wildcard-with-credentials' })
    expect(await plainGet(`${api}/api/me`)).toBe(401)
    expect(await plainGet(`${api}/api/items`)).toBe(200)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(`under scenario 'wildcard-with-credentials', GET ${api}/api/me came without a credentials mode corslab could tell`)
    expect(warnings[0]).toContain("corslab assumed 'same-origin', for which chromium allows it; with 'include', chromium would block it (wildcard-origin-with-credentials).")
    expect(warnings[0]).toContain("pass corsHandlers({ credentials: 'include' })")
    // The verdict is the assumed mode's, and the journal says so.
    expect(cors.journal.entries().map((e) => e.verdict?.outcome)).toEqual(['allowed', 'allowed'])
  })

  test('no warning where the mode does not change the verdict, or where the option gives it', async () => {
    use({ scenario: 'allow-all' })
    expect(await plainGet(`${api}/api/items`)).toBe(200)
    server.resetHandlers()
    use({ scenario: 'wildcard-with-credentials', credentials: 'same-origin' })
    expect(await plainGet(`${api}/api/items`)).toBe(200)
    expect(warnings).toEqual([])
  })

  test('the warning names a readable header the mode would hide', async () => {
    use({ scenario: 'expose-headers-wildcard-with-credentials' })
    expect(await plainGet(`${api}/api/items`)).toBe(200)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain("for which chromium allows it; with 'include', chromium would hide vary, access-control-allow-origin, access-control-allow-credentials, access-control-expose-headers, x-total-count from the page.")
  })

  test('two fetches in flight to one URL with different modes cannot be told apart: the warning', async () => {
    use({ scenario: 'wildcard-with-credentials' })
    const both = await Promise.allSettled([fetch(`${api}/api/me`, { credentials: 'include' }), fetch(`${api}/api/me`, { credentials: 'omit' })])
    expect(both.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled'])
    expect(warnings).toHaveLength(1)
    // Once both have settled, each mode is told again.
    await expect(fetch(`${api}/api/me`, { credentials: 'include' })).rejects.toThrow(TypeError)
  })

})

describe('signing in to the mock API (POST /api/session), as in a browser', () => {
  test('a credentialed sign-in keeps the session cookie; credentialed requests then send it', async () => {
    const cors = use({ scenario: 'allow-all' })
    const me = (credentials: RequestCredentials) => fetch(`${api}/api/me`, { credentials })
    expect((await me('include')).status).toBe(401)
    const signIn = await fetch(`${api}/api/session`, { method: 'POST', credentials: 'include' })
    expect(signIn.status).toBe(200)
    expect(signIn.headers.get('set-cookie')).toBeNull()
    const signedIn = await me('include')
    expect(signedIn.status).toBe(200)
    expect(await signedIn.json()).toEqual({ user: 'demo', session: 'demo' })
    // Cross-origin without `include`, the browser sends no cookie.
    expect((await me('same-origin')).status).toBe(401)
    // Sign-out clears it; so does reset().
    expect((await fetch(`${api}/api/session`, { method: 'DELETE', credentials: 'include' })).status).toBe(204)
    expect((await me('include')).status).toBe(401)
    await fetch(`${api}/api/session`, { method: 'POST', credentials: 'include' })
    cors.reset()
    expect((await me('include')).status).toBe(401)
  })

  test('no cookie is kept from a sign-in without credentials, nor sent to another site (SameSite=Lax)', async () => {
    use({ scenario: 'allow-all' })
    await fetch(`${api}/api/session`, { method: 'POST' })
    expect((await fetch(`${api}/api/me`, { credentials: 'include' })).status).toBe(401)
    server.resetHandlers()
    const otherSite = 'http://127.0.0.1:4010'
    server.use(...corsHandlers({ scenario: 'allow-all', target: otherSite, origin, log: 'silent' }))
    await fetch(`${otherSite}/api/session`, { method: 'POST', credentials: 'include' })
    expect((await fetch(`${otherSite}/api/me`, { credentials: 'include' })).status).toBe(401)
  })

  test('a blocked response\'s cookie is kept, as the browser stores cookies before its CORS check', async () => {
    const cors = use({ scenario: 'wildcard-with-credentials' })
    await expect(fetch(`${api}/api/session`, { method: 'POST', credentials: 'include' })).rejects.toThrow(TypeError)
    await expect(fetch(`${api}/api/me`, { credentials: 'include' })).rejects.toThrow(TypeError)
    // The page cannot read it, but the request carried the cookie: the API answered 200.
    expect(cors.journal.entries().map((e) => [e.method, e.path, e.status])).toEqual([['POST', '/api/session', 200], ['GET', '/api/me', 200]])
  })
})
