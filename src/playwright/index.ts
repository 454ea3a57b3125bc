// corslab/playwright: a CORS scenario per test, and assertions on what the browser did (Node only).
import '../node-floor.ts'
export {
  defineCorsFixture,
  type CorsFixture,
  type CorsFixtureOptions,
  type CorsServer,
  type CorsServerOptions,
  type CorsTestFixtures,
  type CorsTestOptions,
  type CorsWorkerFixtures,
  type CorsWorkerOptions,
} from './fixture.ts'
export { corsMatchers, type AllowExpectation, type AllowOptions, type BlockExpectation, type HeaderNames, type PathMatcher, type PreflightExpectation } from './matchers.ts'
export { expect, test } from './test.ts'
export type { JournalEntry, JournalVerdict } from '../shared/journal-entry.ts'
