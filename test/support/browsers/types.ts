export type BrowserName = 'chromium' | 'firefox' | 'webkit'

export const browserNames: readonly BrowserName[] = ['chromium', 'firefox', 'webkit']

export interface BrowserPage {
  goto(url: string): Promise<void>
  /** Runs `source` (the text of an async function expression taking one JSON arg) in the page and returns its JSON result. */
  evaluate<T>(source: string, arg: unknown): Promise<T>
  /** Console lines the browser printed since the last call (errors/warnings incl. CORS errors), or null where this browser gives none. */
  takeConsole(): string[] | null
  /** Resolves when the browser prints its next console line, or after `ms` (at once where this browser gives none). */
  nextConsole(ms: number): Promise<void>
  close(): Promise<void>
}

export interface BrowserSession {
  name: BrowserName
  /** A new page in a fresh context (empty HTTP cache, preflight cache and cookies). */
  newPage(): Promise<BrowserPage>
  close(): Promise<void>
}

/** A page's console lines as they arrive: taken in batches, and waited for as events. */
export class ConsoleLines {
  #lines: string[] = []
  #waiters = new Set<() => void>()

  push(line: string): void {
    this.#lines.push(line)
    for (const wake of this.#waiters) wake()
    this.#waiters.clear()
  }

  take(): string[] {
    const out = this.#lines
    this.#lines = []
    return out
  }

  next(ms: number): Promise<void> {
    if (this.#lines.length > 0) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.#waiters.delete(done)
        resolve()
      }
      const timer = setTimeout(done, Math.max(0, ms))
      this.#waiters.add(done)
    })
  }
}

/**
 * Wraps `source` so that the page returns `JSON.stringify` of its result: every driver then moves a
 * plain string, and `undefined` comes back as `null` alike in all three browsers.
 */
export function wrapForJson(source: string, argJson: string): string {
  return `(async () => { const __f = (${source}); const __v = await __f(${argJson}); return JSON.stringify(__v === undefined ? null : __v) })()`
}

export function parseJsonResult<T>(text: unknown): T {
  if (typeof text !== 'string') throw new Error(`page script returned ${typeof text}, expected a JSON string`)
  return JSON.parse(text) as T
}
