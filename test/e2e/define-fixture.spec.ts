import { expect as baseExpect, mergeExpects, mergeTests, test as base } from '@playwright/test'
import { corsMatchers, defineCorsFixture, type CorsTestFixtures, type CorsWorkerFixtures } from '../../src/playwright/index.ts'

// How a project with fixtures of its own takes corslab's: defineCorsFixture() into its own extend(),
// then mergeTests/mergeExpects with the rest.
const corsTest = base.extend<CorsTestFixtures, CorsWorkerFixtures>(
  defineCorsFixture({
    scenario: 'missing-allow-origin',
    server: { routes: [{ method: 'GET', path: '/api/flags', body: { darkMode: true } }] },
  }),
)
const appTest = base.extend<{ appOrigin: string }>({ appOrigin: 'http://localhost:1' })
const test = mergeTests(corsTest, appTest)
const expect = mergeExpects(baseExpect.extend(corsMatchers))

test('defineCorsFixture options set the defaults: the scenario, and the server\'s routes', async ({ corslab, appOrigin, request }) => {
  expect(corslab.scenario).toBe('missing-allow-origin')
  const response = await request.get(`${corslab.url}/api/flags`, { headers: { origin: appOrigin } })
  expect(await response.json()).toEqual({ darkMode: true })
  // missing-allow-origin: the server's answer has no Access-Control-Allow-Origin.
  expect(response.headers()['access-control-allow-origin']).toBeUndefined()
  await expect(corslab).toHaveBlocked({ path: '/api/flags', reason: 'missing-allow-origin' })
})

test.describe(() => {
  test.use({ corsScenario: 'allow-all' })

  test('test.use() still overrides the default scenario', async ({ corslab, appOrigin, request }) => {
    const response = await request.get(`${corslab.url}/api/flags`, { headers: { origin: appOrigin } })
    expect(response.headers()['access-control-allow-origin']).toBe(appOrigin)
    await expect(corslab).toHaveAllowed('/api/flags')
  })
})

test.describe.serial('a fixed corsSession', () => {
  test.use({ corsSession: 'e2e-fixed' })

  for (const n of [1, 2]) {
    test(`keeps one URL across tests, and each test's journal to itself (${n})`, async ({ corslab, request }) => {
      expect(corslab.url).toBe(`${corslab.origin}/@e2e-fixed`)
      await request.get(`${corslab.url}/api/hello?n=${n}`, { headers: { origin: 'http://localhost:1' } })
      expect((await corslab.journal()).map((r) => r.path)).toEqual([`/api/hello?n=${n}`])
    })
  }
})
