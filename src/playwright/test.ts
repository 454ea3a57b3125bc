import { expect as baseExpect, test as baseTest } from '@playwright/test'
import { defineCorsFixture, type CorsTestFixtures, type CorsWorkerFixtures } from './fixture.ts'
import { corsMatchers } from './matchers.ts'

/**
 * Playwright's `test` with the corslab fixtures (see defineCorsFixture).
 *
 * @example
 * import { expect, test } from 'corslab/playwright'
 * test.use({ corsScenario: 'missing-preflight' })
 * test('saving shows an error', async ({ page, corslab }) => {
 *   await page.goto(`/?api=${encodeURIComponent(corslab.url)}`)
 *   await expect(corslab).toHaveSentPreflight({ method: 'PUT' })
 * })
 */
export const test = baseTest.extend<CorsTestFixtures, CorsWorkerFixtures>(defineCorsFixture())

/**
 * Playwright's `expect` with the corslab matchers; `mergeExpects` combines it with others.
 *
 * @example
 * await expect(corslab).toHaveAllowed('/api/items')
 */
export const expect = baseExpect.extend(corsMatchers)
