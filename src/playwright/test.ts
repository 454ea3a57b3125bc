import { expect as baseExpect, test as baseTest } from '@playwright/test'
import { defineCorsFixture, type CorsTestFixtures, type CorsWorkerFixtures } from './fixture.ts'
import { corsMatchers } from './matchers.ts'

/** Playwright's `test` with the corslab fixtures (see defineCorsFixture). */
export const test = baseTest.extend<CorsTestFixtures, CorsWorkerFixtures>(defineCorsFixture())

/** Playwright's `expect` with the corslab matchers; `mergeExpects` combines it with others. */
export const expect = baseExpect.extend(corsMatchers)
