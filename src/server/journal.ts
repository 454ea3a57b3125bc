import type { HeaderList, Outcome, ReasonId, Stage } from '../engine/index.ts'

/** What the engine says the default browser (Chromium) does with an answer. */
export interface JournalVerdict {
  outcome: Outcome
  stage?: Stage
  reason?: ReasonId
  message?: string
}

/** One request the server answered under a scenario (DESIGN.md, "Journal entries"). */
export interface JournalEntry {
  id: number
  /** ISO 8601. */
  time: string
  scenario: string
  method: string
  /** Path and query under the scenario (a `/@NAME` or `/@SESSION` prefix removed). */
  path: string
  /** The session whose `/@ID/` prefix the request came through; absent for any other request. */
  session?: string
  /** The request's Origin, or null when it had none. */
  origin: string | null
  /** True for a CORS preflight: OPTIONS with Origin and Access-Control-Request-Method. */
  preflight: boolean
  /** The request's Access-Control-Request-* headers, by lower-case name. */
  requestHeaders: Record<string, string>
  status: number
  /** The header lines sent back, in order. */
  responseHeaders: HeaderList
  /**
   * What Chromium does with this answer. A preflight is judged for the Access-Control-Request-Method
   * and -Headers it carried. A request is judged by the CORS check on its response (a browser sent
   * it, so its preflight, if any, passed): the mode comes from Sec-Fetch-Mode (absent: cors), the
   * credentials are `include` when a Cookie header came, else the scenario probe's credentials (a
   * preflight never carries cookies, so it always uses the probe's). A redirect is judged as a hop
   * the browser would follow. null when there is nothing to judge: no Origin (not a CORS request),
   * a navigation, or an Origin the engine cannot read.
   */
  verdict: JournalVerdict | null
}

export const defaultJournalSize = 500

/** A ring buffer of entries, newest last, that tells listeners about each change. */
export class Journal {
  readonly size: number
  // A fixed ring: adding to a full journal overwrites the oldest slot instead of shifting them all.
  #ring: Array<JournalEntry | undefined> = []
  #oldest = 0
  #count = 0
  #nextId = 1
  #listeners = new Set<(event: JournalEvent) => void>()

  constructor(size = defaultJournalSize) {
    this.size = size
  }

  add(entry: Omit<JournalEntry, 'id' | 'time'>): JournalEntry {
    const full: JournalEntry = { id: this.#nextId++, time: new Date().toISOString(), ...entry }
    if (this.#count < this.size) {
      this.#ring[(this.#oldest + this.#count) % this.size] = full
      this.#count++
    } else {
      this.#ring[this.#oldest] = full
      this.#oldest = (this.#oldest + 1) % this.size
    }
    this.emit({ type: 'entry', data: full })
    return full
  }

  entries(): JournalEntry[] {
    const out: JournalEntry[] = []
    for (let i = 0; i < this.#count; i++) out.push(this.#ring[(this.#oldest + i) % this.size] as JournalEntry)
    return out
  }

  clear(): void {
    this.#ring = []
    this.#oldest = 0
    this.#count = 0
    this.emit({ type: 'clear', data: {} })
  }

  emit(event: JournalEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event)
      } catch {}
    }
  }

  subscribe(listener: (event: JournalEvent) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}

/**
 * What the events stream carries: new entries, a cleared journal, the active scenario or catalog
 * changing, a session re-pointed (`scenario` null: deleted).
 */
export type JournalEvent =
  | { type: 'entry', data: JournalEntry }
  | { type: 'clear', data: Record<string, never> }
  | { type: 'scenario', data: { name: string } }
  | { type: 'session', data: { id: string, scenario: string | null } }
  | { type: 'catalog', data: { names: string[] } }
