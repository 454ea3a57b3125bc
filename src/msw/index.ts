// corslab/msw: MSW handlers that block what a browser would block. Browser-safe: nothing here or
// below reaches a Node built-in (a test walks the import graph), so it runs in a page beside setupWorker.
import '../node-floor.ts'
export { corsHandlers, type CorsHandlers } from './cors-handlers.ts'
export type { CorsHandlersOptions, ScenarioObject } from './options.ts'
export { Journal } from '../shared/journal.ts'
export type { JournalEntry, JournalVerdict } from '../shared/journal-entry.ts'
export type { BrowserName, CredentialsMode, ReasonId, Verdict } from '../engine/types.ts'
export type { Scenario } from '../scenarios/types.ts'
