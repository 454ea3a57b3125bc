import type { JournalEntry, NewJournalEntry } from './journal-entry.ts'
import { RecordRing } from './record-ring.ts'

export const defaultJournalSize = 500

/**
 * A ring buffer of the last `size` entries, newest last, that tells listeners about each change.
 * It keeps each entry as `Stored` (by default the entry's fields) and makes the entry with `expand`
 * when someone reads it: the server stores what it saw and works out the verdict only then.
 *
 * @example
 * import { corsHandlers, Journal } from 'corslab/msw'
 * const journal = new Journal()
 * const api = corsHandlers({ scenario: 'allow-all', target: 'http://localhost:4010', journal })
 * const auth = corsHandlers({ scenario: 'preflight-requires-auth', target: 'http://localhost:4020', journal })
 * // ... after the requests: both handler sets' entries, newest last
 * journal.entries().map((e) => `${e.method} ${e.path} ${e.verdict?.outcome}`)
 */
export class Journal<Stored = NewJournalEntry> {
  readonly #ring: RecordRing
  readonly #expand: (stored: Stored) => NewJournalEntry
  #nextId = 1
  // Entries already worked out, by id (reading the journal again does not run the engine again).
  readonly #made = new Map<number, JournalEntry>()
  readonly #listeners = new Set<(event: JournalEvent) => void>()

  constructor(size = defaultJournalSize, ...expand: Stored extends NewJournalEntry ? [] : [(stored: Stored) => NewJournalEntry]) {
    this.#ring = new RecordRing(size)
    this.#expand = expand[0] ?? ((stored) => stored as NewJournalEntry)
  }

  get size(): number {
    return this.#ring.size
  }

  /** The id of the newest entry ever added (0 when none was): entries added later have larger ids. */
  get lastId(): number {
    return this.#nextId - 1
  }

  /** How many entries it holds. */
  get length(): number {
    return this.#ring.count
  }

  add(stored: Stored): void {
    const id = this.#nextId++
    const time = Date.now()
    if (this.#ring.push(stored, time)) this.#made.delete(id - this.size)
    if (this.#listeners.size > 0) this.emit({ type: 'entry', data: this.#make(id, time, stored) })
  }

  entries(): JournalEntry[] {
    const count = this.#ring.count
    const firstId = this.#nextId - count
    const out: JournalEntry[] = []
    for (let k = 0; k < count; k++) {
      const made = this.#made.get(firstId + k)
      if (made !== undefined) {
        out.push(made)
        continue
      }
      const { record, time } = this.#ring.get(k)
      out.push(this.#make(firstId + k, time, record as Stored))
    }
    return out
  }

  clear(): void {
    this.#ring.clear()
    this.#made.clear()
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

  #make(id: number, time: number, stored: Stored): JournalEntry {
    const entry: JournalEntry = { id, time: new Date(time).toISOString(), ...this.#expand(stored) }
    this.#made.set(id, entry)
    return entry
  }
}

/** The journal as its readers see it, whatever it stores. */
export type JournalReader = Pick<Journal, 'size' | 'length' | 'lastId' | 'entries' | 'clear' | 'emit' | 'subscribe'>

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
