import { expect, test } from '../support/test.ts'

const put = { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }

test.describe(() => {
  test.use({ corsScenario: 'missing-preflight' })

  test('a page.route for another URL hides a missing preflight', async ({ call, corslab, page }) => {
    await page.route('**/analytics/**', (route) => route.fulfill({ status: 204 }))
    // missing-preflight blocks this PUT in a browser; with a route registered, Playwright answers the preflight.
    expect((await call('/api/items/1', put)).status).toBe(200)
    await expect(corslab).toHaveBlocked({ timeout: 0 })
  })

  test('a context.route that falls back for corslab\'s URL hides it as well', async ({ call, context, corslab }) => {
    await context.route('**/*', (route) => (route.request().url().startsWith(corslab.origin) ? route.fallback() : route.continue()))
    expect((await call('/api/items/1', put)).status).toBe(200)
  })
})

test.describe(() => {
  test.use({ corsScenario: 'allow-everything' })

  test('an unknown corsScenario fails the test before it starts', async ({ corslab }) => {
    expect(corslab).toBeDefined()
  })
})
