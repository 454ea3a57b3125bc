// corslab/server: the mock API server (Node only).
import '../node-floor.ts'
export { startServer, type RunningServer } from './start-server.ts'
export { createServer } from './create-server.ts'
export type { ServerOptions } from './options.ts'
export type { RouteDefinition } from './routes-file.ts'
export { loadScenarioDir } from './load-scenario-dir.ts'
export type { JournalEntry, JournalVerdict } from '../shared/journal-entry.ts'
