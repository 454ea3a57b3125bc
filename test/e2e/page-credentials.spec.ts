import { expect, test } from './support/test.ts'

// The server judges a request without cookies by the scenario probe's credentials mode; the fixture
// corrects the verdict where the browser's own outcome shows the page used the other one.

test.describe(() => {
  test.use({ corsScenario: 'wildcard-with-credentials' })

  test('a plain fetch() under wildcard-with-credentials is allowed, as the browser allowed it', async ({ call, corslab, request }) => {
    expect((await call('/api/items')).status).toBe(200)
    expect((await call('/api/me', { credentials: 'include' })).error).toMatch(/^TypeError/)
    const server = await (await request.get(`${corslab.origin}/__corslab/journal?session=${corslab.session}`)).json()
    // The server's guess (the probe sends credentials) ...
    expect(server.map((r: { path: string, verdict: { outcome: string } }) => `${r.path} ${r.verdict.outcome}`)).toEqual(['/api/items blocked', '/api/me blocked'])
    // ... and the page's.
    expect((await corslab.journal()).map((r) => `${r.path} ${r.verdict?.outcome}`)).toEqual(['/api/items allowed', '/api/me blocked'])
    await expect(corslab).toHaveAllowed('/api/items')
    await expect(corslab).toHaveBlocked({ path: '/api/me', reason: 'wildcard-origin-with-credentials' })
  })
})

test.describe(() => {
  test.use({ corsScenario: 'hidden-response-header' })

  test('a credentialed fetch() to a server without Allow-Credentials is blocked, as the browser blocked it', async ({ call, corslab }) => {
    expect((await call('/api/items', { credentials: 'include' })).error).toMatch(/^TypeError/)
    const [row] = await corslab.journal()
    expect(row?.verdict).toMatchObject({ outcome: 'blocked', stage: 'response', reason: 'invalid-allow-credentials' })
    expect(row?.verdict?.message).toContain("The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true'")
  })
})
