export { runCheck, preflightReasons, type CheckOptions, type CheckReport, type Exchanged, type BrowserResult } from './run-check.ts'
export { formatReport, exitCodeOf } from './format.ts'
export { send, type Received, type SendOptions } from './send.ts'
