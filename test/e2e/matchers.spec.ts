import type { CorsFixture } from '../../src/playwright/index.ts'
import { expect, plain, test } from './support/test.ts'

const json = { 'content-type': 'application/json' }

/** The message an assertion fails with (it must fail), colours removed. */
async function failure(assertion: Promise<unknown>): Promise<string> {
  const error = await assertion.then(() => undefined, (e: unknown) => e)
  expect(error, 'the assertion should have failed').toBeInstanceOf(Error)
  return plain((error as Error).message)
}

test.describe('toHaveSentPreflight', () => {
  test('passes for a preflight that asked for the method and headers', async ({ call, corslab }) => {
    expect((await call('/api/items/1', { method: 'PUT', headers: { ...json, 'x-request-id': '7' }, body: '{}' })).status).toBe(200)
    await expect(corslab).toHaveSentPreflight()
    await expect(corslab).toHaveSentPreflight({ method: 'PUT', headers: ['x-request-id'] })
    await expect(corslab).toHaveSentPreflight({ method: 'put', headers: ['Content-Type', 'X-Request-ID'], path: '/api/items/1' })
    await expect(corslab).not.toHaveSentPreflight({ method: 'DELETE' })
  })

  test('fails when the browser sent none, showing the journal', async ({ call, corslab }) => {
    expect((await call('/api/items')).status).toBe(200)
    const message = await failure(expect(corslab).toHaveSentPreflight({ timeout: 0 }))
    expect(message).toContain('expect(corslab).toHaveSentPreflight()')
    expect(message).toContain('Expected: a preflight (OPTIONS)')
    expect(message).toContain('Received: no preflight at all')
    expect(message).toContain(`Journal of this test (session ${corslab.session}, scenario now allow-all):`)
    expect(message).toMatch(/#\d+ \[allow-all\] GET \/api\/items {2}→ 200 {2}allowed/)
  })

  test('fails when the preflight asked for something else', async ({ call, corslab }) => {
    await call('/api/items/1', { method: 'PUT', headers: json, body: '{}' })
    const message = await failure(expect(corslab).toHaveSentPreflight({ method: 'PATCH', headers: ['x-request-id'], timeout: 0 }))
    expect(message).toContain("expect(corslab).toHaveSentPreflight({ method: 'PATCH', headers: ['x-request-id'] })")
    expect(message).toContain('Expected: a preflight (OPTIONS) for PATCH asking for x-request-id')
    expect(message).toContain('Received: none of the 1 preflights matches')
    expect(message).toMatch(/#\d+ \[allow-all\] OPTIONS \/api\/items\/1 {2}preflight for PUT \(content-type\) {2}→ 204 {2}allowed/)
  })

  test('.not fails when one was sent, naming it', async ({ call, corslab }) => {
    // An item no one has: the mock API's items are shared by the worker's tests.
    await call('/api/items/99', { method: 'DELETE' })
    const message = await failure(expect(corslab).not.toHaveSentPreflight({ timeout: 0 }))
    expect(message).toContain('expect(corslab).not.toHaveSentPreflight()')
    expect(message).toContain('Expected: no preflight (OPTIONS)')
    expect(message).toMatch(/Received: #\d+ \[allow-all\] OPTIONS \/api\/items\/99 {2}preflight for DELETE/)
  })
})

test.describe('toHaveBlocked', () => {
  test.use({ corsScenario: 'disallowed-header' })

  test('passes for a block with that reason, stage and path', async ({ call, corslab }) => {
    const result = await call('/api/items', { method: 'POST', headers: { ...json, 'x-request-id': '42' }, body: '{}' })
    expect(result.error).toMatch(/^TypeError/)
    await expect(corslab).toHaveBlocked()
    await expect(corslab).toHaveBlocked({ reason: 'header-not-allowed', stage: 'preflight', path: '/api/items' })
    await expect(corslab).toHaveBlocked({ path: `${corslab.url}/api/items` })
    await expect(corslab).toHaveBlocked({ path: /^\/api\/items$/ })
    await expect(corslab).not.toHaveBlocked({ reason: 'missing-allow-origin' })
  })

  test('fails for another reason, with Chromium\'s console text and the fix', async ({ call, corslab }) => {
    await call('/api/items', { method: 'POST', headers: { ...json, 'x-request-id': '42' }, body: '{}' })
    const message = await failure(expect(corslab).toHaveBlocked({ reason: 'method-not-allowed', timeout: 0 }))
    expect(message).toContain("expect(corslab).toHaveBlocked({ reason: 'method-not-allowed' })")
    expect(message).toContain('Expected: a request that the browser blocks with reason method-not-allowed')
    expect(message).toMatch(/Received: blocked, but not like that: #\d+ preflight header-not-allowed/)
    expect(message).toMatch(/#\d+ \[disallowed-header\] OPTIONS \/api\/items {2}preflight for POST \(content-type, x-request-id\) {2}→ 204 {2}blocked at preflight: header-not-allowed/)
    expect(message).toContain("Engine's explanation (Chromium):")
    expect(message).toContain('Request header field x-request-id is not allowed by Access-Control-Allow-Headers in preflight response.')
    expect(message).toContain('fix: Add x-request-id to `Access-Control-Allow-Headers` on the preflight answer.')
  })

  test('.not fails when something was blocked, and explains it', async ({ call, corslab }) => {
    await call('/api/items', { method: 'POST', headers: { ...json, 'x-request-id': '42' }, body: '{}' })
    const message = await failure(expect(corslab).not.toHaveBlocked({ timeout: 0 }))
    expect(message).toContain('Expected: no request that the browser blocks')
    expect(message).toMatch(/Received: #\d+ \[disallowed-header\] OPTIONS \/api\/items/)
    expect(message).toContain('fix: Add x-request-id to `Access-Control-Allow-Headers`')
  })

  test('fails when nothing was blocked', async ({ call, corslab }) => {
    await corslab.use('allow-all')
    await call('/api/hello')
    const message = await failure(expect(corslab).toHaveBlocked({ path: '/api/hello', timeout: 0 }))
    expect(message).toContain("expect(corslab).toHaveBlocked({ path: '/api/hello' })")
    expect(message).toContain('Expected: a request to /api/hello that the browser blocks')
    expect(message).toContain('Received: nothing blocked')
    expect(message).toContain('scenario now allow-all')
  })
})

test.describe('toHaveAllowed', () => {
  test('passes when the requests got through', async ({ call, corslab }) => {
    await call('/api/items')
    await call('/api/items/2', { method: 'PATCH', headers: json, body: '{"done":true}' })
    await expect(corslab).toHaveAllowed()
    await expect(corslab).toHaveAllowed('/api/items')
    await expect(corslab).toHaveAllowed(`${corslab.url}/api/items/2`)
    await expect(corslab).not.toHaveAllowed('/api/hello')
  })

  test('waits for a request that is still on its way', async ({ call, corslab, page }) => {
    await call('/api/hello')
    // The page sends it later, on its own; the matcher reads the journal until it is there.
    await page.evaluate((url) => setTimeout(() => fetch(url), 500), `${corslab.url}/api/items?late=1`)
    await expect(corslab).toHaveAllowed('/api/items')
  })

  test('fails with the blocked row, Chromium\'s text and the fix', async ({ call, corslab }) => {
    await corslab.use('wildcard-with-credentials')
    expect((await call('/api/me', { credentials: 'include' })).error).toMatch(/^TypeError/)
    const message = await failure(expect(corslab).toHaveAllowed('/api/me', { timeout: 0 }))
    expect(message).toContain("expect(corslab).toHaveAllowed('/api/me')")
    expect(message).toContain('Expected: the requests to /api/me let through by the browser (at least one allowed, none blocked)')
    expect(message).toMatch(/Received: #\d+ \[wildcard-with-credentials\] GET \/api\/me {2}→ 401 {2}blocked at response: wildcard-origin-with-credentials/)
    expect(message).toContain("The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.")
    expect(message).toContain(`fix: \`*\` is not allowed on a request with credentials. Reflect the origin instead: \`Access-Control-Allow-Origin: ${new URL(await appOriginOf(corslab)).origin}\``)
  })

  test('fails when nothing reached corslab', async ({ corslab }) => {
    const message = await failure(expect(corslab).toHaveAllowed('/api/items', { timeout: 0 }))
    expect(message).toContain('Received: no CORS request to /api/items reached corslab')
    expect(message).toContain('(no requests reached corslab in this test)')
  })

  test('.not fails when they got through', async ({ call, corslab }) => {
    await call('/api/items')
    const message = await failure(expect(corslab).not.toHaveAllowed(undefined, { timeout: 0 }))
    expect(message).toContain("Expected: this test's requests not let through by the browser (one blocked, or none allowed)")
    expect(message).toMatch(/Received: #\d+ \[allow-all\] GET \/api\/items {2}→ 200 {2}allowed/)
  })
})

test('the matchers refuse anything but the corslab fixture', async () => {
  const message = await failure(expect({ url: 'http://x' } as unknown as CorsFixture).toHaveAllowed())
  expect(message).toContain("expect(received).toHaveAllowed(): received must be the corslab fixture, as in expect(corslab).toHaveAllowed(), got { url: 'http://x' }.")
})

test.describe('options as users write them', () => {
  test('toHaveSentPreflight takes headers as a list of names, of [name, value] pairs, or an object', async ({ call, corslab }) => {
    await call('/api/items/1', { method: 'PUT', headers: { ...json, 'x-request-id': '7' }, body: '{}' })
    await expect(corslab).toHaveSentPreflight({ headers: ['X-Request-ID'] })
    await expect(corslab).toHaveSentPreflight({ headers: [['x-request-id', '7'], ['content-type', 'application/json']] })
    await expect(corslab).toHaveSentPreflight({ method: 'PUT', headers: { 'x-request-id': '7', 'Content-Type': 'application/json' } })
    await expect(corslab).not.toHaveSentPreflight({ headers: { authorization: 'Bearer t' }, timeout: 0 })
    const message = await failure(expect(corslab).toHaveSentPreflight({ headers: { authorization: 'Bearer t' }, timeout: 0 }))
    expect(message).toContain("expect(corslab).toHaveSentPreflight({ headers: { authorization: 'Bearer t' } })")
    expect(message).toContain('Expected: a preflight (OPTIONS) asking for authorization')
  })

  test('anything else is refused, saying what to write', async ({ corslab }) => {
    const refused = async (assertion: Promise<unknown>) => (await assertion.then(() => '', (e: Error) => e.message))
    expect(await refused(expect(corslab).toHaveSentPreflight({ headers: 'x-request-id' as never })))
      .toBe("[corslab] expect(corslab).toHaveSentPreflight(): headers must be a list of names (['x-request-id']) or an object ({ 'x-request-id': '1' }), got 'x-request-id'. Write it as expect(corslab).toHaveSentPreflight({ method: 'PUT', headers: ['x-request-id'], path: '/api/items/1', timeout: 5000 }).")
    expect(await refused(expect(corslab).toHaveSentPreflight({ headers: ['x request id'] }))).toContain("headers holds 'x request id', which is not a header name")
    expect(await refused(expect(corslab).toHaveSentPreflight({ header: ['x-request-id'] } as never))).toContain('unknown option "header" (did you mean "headers"?); the options are method, headers, path, timeout')
    expect(await refused(expect(corslab).toHaveBlocked({ reasn: 'header-not-allowed' } as never))).toContain('unknown option "reasn" (did you mean "reason"?)')
    expect(await refused(expect(corslab).toHaveBlocked({ timeout: '5s' } as never))).toContain("timeout must be a number of milliseconds (0 or more), got '5s'")
    expect(await refused(expect(corslab).toHaveBlocked('header-not-allowed' as never))).toContain("its argument must be an object of options (reason, stage, path, timeout), got 'header-not-allowed'")
    expect(await refused(expect(corslab).toHaveAllowed(42 as never))).toContain('path must be a string')
  })

  test('a second argument that would be ignored is refused, naming where timeout goes', async ({ corslab }) => {
    const refused = async (assertion: Promise<unknown>) => (await assertion.then(() => '', (e: Error) => e.message))
    // @ts-expect-error: the matcher takes one argument; timeout goes inside it.
    const preflight = expect(corslab).toHaveSentPreflight({ method: 'PUT' }, { timeout: 100 })
    expect(await refused(preflight)).toBe("[corslab] expect(corslab).toHaveSentPreflight(): it takes one argument, got 2; options such as timeout go inside the first: { timeout: 100 } would be ignored. Write it as expect(corslab).toHaveSentPreflight({ method: 'PUT', headers: ['x-request-id'], path: '/api/items/1', timeout: 5000 }).")
    // @ts-expect-error: likewise
    expect(await refused(expect(corslab).toHaveBlocked({}, { timeout: 100 }))).toContain('it takes one argument, got 2')
    // The one-argument form takes no options after it (the types allow toHaveAllowed(path, options)).
    expect(await refused(expect(corslab).toHaveAllowed({ path: '/api/items' }, { timeout: 100 }))).toContain('it takes one argument, got 2')
  })

  test('toHaveAllowed also takes { path, timeout }, like the other two', async ({ call, corslab }) => {
    await call('/api/items')
    await expect(corslab).toHaveAllowed({ path: '/api/items' })
    await expect(corslab).toHaveAllowed({ path: '/api/items', timeout: 1000 })
    const message = await failure(expect(corslab).toHaveAllowed({ path: '/api/me', timeout: 0 }))
    expect(message).toContain("expect(corslab).toHaveAllowed('/api/me')")
  })

  test('journal() is a promise of the rows', async ({ call, corslab }) => {
    await call('/api/items')
    const pending = corslab.journal()
    expect(pending).toBeInstanceOf(Promise)
    expect((await pending).map((e) => `${e.method} ${e.path}`)).toEqual(['GET /api/items'])
  })
})

test('a failure message keeps the newest 30 rows', async ({ call, corslab }) => {
  for (let i = 1; i <= 32; i++) await call(`/api/items?n=${i}`)
  const message = await failure(expect(corslab).toHaveBlocked({ timeout: 0 }))
  expect(message).toContain('… 2 earlier rows left out')
  expect(message).not.toContain('GET /api/items?n=2 ')
  expect(message).toContain('GET /api/items?n=3 ')
  expect(message).toContain('GET /api/items?n=32 ')
})

// The page's origin, as the journal saw it.
async function appOriginOf(corslab: CorsFixture): Promise<string> {
  const origin = (await corslab.journal()).find((e) => e.origin !== null)?.origin
  if (origin === undefined || origin === null) throw new Error('no request with an Origin in the journal')
  return origin
}
