import { expect, test } from './support/test.ts'

const put = { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' }

// use() clears the browser's cached preflights through DevTools, which only Chromium has.
const chromiumOnly = 'only Chromium lets use() clear cached preflights'

test('use() switches the scenario mid-test; the same url keeps working', async ({ call, corslab, browserName }) => {
  test.skip(browserName !== 'chromium', chromiumOnly)
  const url = corslab.url
  expect((await call('/api/items/1', put)).status).toBe(200)

  await corslab.use('missing-preflight')
  expect(corslab.scenario).toBe('missing-preflight')
  expect(corslab.url).toBe(url)
  expect((await call('/api/items/1', put)).error).toMatch(/^TypeError/)
  await expect(corslab).toHaveBlocked({ reason: 'preflight-invalid-status', stage: 'preflight' })

  await corslab.use('allow-all')
  expect((await call('/api/items/1', put)).status).toBe(200)
  expect((await corslab.journal()).map((r) => `${r.scenario} ${r.method} ${r.status}`)).toEqual([
    'allow-all OPTIONS 204',
    'allow-all PUT 200',
    'missing-preflight OPTIONS 404',
    'allow-all OPTIONS 204',
    'allow-all PUT 200',
  ])
})

test('use() with keepPreflightCache shows a browser that preflighted before the change', async ({ call, corslab, browserName }) => {
  test.skip(browserName !== 'chromium', chromiumOnly)
  expect((await call('/api/items/1', put)).status).toBe(200)
  // Chromium caches a preflight for 5 seconds when Access-Control-Max-Age is absent: the PUT goes
  // out without asking the server that no longer answers OPTIONS. (The interception guard must not
  // mistake this for a route: an OPTIONS for the path came before.)
  await corslab.use('missing-preflight', { keepPreflightCache: true })
  expect((await call('/api/items/1', put)).status).toBe(200)
  expect((await corslab.journal()).map((r) => `${r.scenario} ${r.method}`)).toEqual(['allow-all OPTIONS', 'allow-all PUT', 'missing-preflight PUT'])
})

test('use() with an unknown name rejects and keeps the scenario', async ({ corslab }) => {
  await expect(corslab.use('allow-everything')).rejects.toThrow(/no scenario named "allow-everything"\. `npx corslab list` shows all \d+\./)
  expect(corslab.scenario).toBe('allow-all')
})

test.describe('test.use({ corsScenario })', () => {
  test.use({ corsScenario: 'hidden-response-header' })

  test('starts the test on that scenario', async ({ call, corslab }) => {
    expect(corslab.scenario).toBe('hidden-response-header')
    const result = await call('/api/items')
    expect(result.status).toBe(200)
    expect(result.headers).not.toHaveProperty('x-total-count')
    const [row] = await corslab.journal()
    expect(row?.responseHeaders.map(([n]) => n.toLowerCase())).toContain('x-total-count')
    expect(row?.responseHeaders.map(([n]) => n.toLowerCase())).not.toContain('access-control-expose-headers')
  })
})
