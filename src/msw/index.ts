// corslab/msw: MSW handlers that block what a browser would block. Browser-safe: nothing here or
// below imports node:* (a test walks the import graph), so it runs in a page beside setupWorker.
import '../node-floor.ts'
export { corsHandlers, type CorsHandlers } from './cors-handlers.ts'
export type { CorsHandlersOptions, ScenarioObject } from './options.ts'
export { Journal, type JournalEntry, type JournalVerdict } from '../server/journal.ts'
export type { BrowserName, CredentialsMode, ReasonId, Verdict } from '../engine/index.ts'
export type { Scenario } from '../scenarios/types.ts'
