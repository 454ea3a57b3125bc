import type { RunningServer } from '../server/index.ts'

/** Where a CLI run writes, and how a test stops `serve`. */
export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  /** Aborting it stops `serve` (main.ts wires SIGINT and SIGTERM to it). */
  signal?: AbortSignal
  /** Called once `serve` is listening (tests use it to reach the server). */
  onServe?(server: RunningServer): void
}

export const exitCodes = { ok: 0, blocked: 1, usage: 2 } as const
