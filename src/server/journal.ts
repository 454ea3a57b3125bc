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

/** An entry's fields before the journal gives it an id and a time. */
export type NewJournalEntry = Omit<JournalEntry, 'id' | 'time'>

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * The last `size` records as UTF-8 JSON in one byte ring, outside the JS heap. A journal of objects
 * keeps every request's object graph alive for the next `size` requests; V8 answers that survival by
 * growing its young generation, and a busy server's RSS grows by tens of megabytes (measured: +53 MB
 * over 200,000 requests, +11 MB without the journal). As bytes, the records cost the collector nothing.
 */
class RecordRing {
  readonly size: number
  #bytes = new Uint8Array(64 * 1024)
  // Per slot: where its record starts in #bytes and how long it is; when it was added.
  readonly #start: Int32Array
  readonly #length: Int32Array
  readonly #time: Float64Array
  #oldest = 0
  #count = 0
  // Where the next record goes, and a scratch area to encode into (its exact length is known only then).
  #tail = 0
  #scratch = new Uint8Array(4 * 1024)

  constructor(size: number) {
    this.size = size
    this.#start = new Int32Array(size)
    this.#length = new Int32Array(size)
    this.#time = new Float64Array(size)
  }

  get count(): number {
    return this.#count
  }

  /** Appends a record; returns whether the oldest one made room (the ring was full). */
  push(record: unknown, time: number): boolean {
    const text = JSON.stringify(record)
    const dropped = this.#count === this.size
    if (dropped) this.#drop()
    // Straight into the ring where the longest encoding fits (UTF-8: at most 3 bytes per UTF-16
    // unit), else through the scratch area, to learn the length first.
    let at = this.#fit(text.length * 3)
    let written: number
    if (at !== -1) {
      written = encoder.encodeInto(text, this.#bytes.subarray(at, at + text.length * 3)).written
    } else {
      if (this.#scratch.length < text.length * 3) this.#scratch = new Uint8Array(text.length * 3)
      written = encoder.encodeInto(text, this.#scratch).written
      at = this.#fit(written)
      if (at === -1) {
        this.#grow(written)
        at = this.#tail
      }
      this.#bytes.set(this.#scratch.subarray(0, written), at)
    }
    const slot = (this.#oldest + this.#count) % this.size
    this.#start[slot] = at
    this.#length[slot] = written
    this.#time[slot] = time
    this.#count++
    this.#tail = at + written
    return dropped
  }

  /** The k-th oldest record and its time. */
  get(k: number): { record: unknown, time: number } {
    const slot = (this.#oldest + k) % this.size
    const start = this.#start[slot] as number
    const text = decoder.decode(this.#bytes.subarray(start, start + (this.#length[slot] as number)))
    return { record: JSON.parse(text) as unknown, time: this.#time[slot] as number }
  }

  clear(): void {
    this.#oldest = 0
    this.#count = 0
    this.#tail = 0
  }

  #drop(): void {
    this.#oldest = (this.#oldest + 1) % this.size
    this.#count--
    if (this.#count === 0) this.#tail = 0
  }

  // Where `n` bytes fit without touching a live record (after the newest, or from 0 once the space
  // before the oldest suffices), or -1.
  #fit(n: number): number {
    if (this.#count === 0) return n <= this.#bytes.length ? 0 : -1
    const head = this.#start[this.#oldest] as number
    if (this.#tail > head) {
      if (this.#tail + n <= this.#bytes.length) return this.#tail
      return n <= head ? 0 : -1
    }
    return this.#tail + n <= head ? this.#tail : -1
  }

  // Doubles the bytes until the live records and `n` more fit, copying the records in order to the front.
  #grow(n: number): void {
    let live = 0
    for (let k = 0; k < this.#count; k++) live += this.#length[(this.#oldest + k) % this.size] as number
    let capacity = this.#bytes.length * 2
    while (capacity < live + n) capacity *= 2
    const bytes = new Uint8Array(capacity)
    let at = 0
    for (let k = 0; k < this.#count; k++) {
      const slot = (this.#oldest + k) % this.size
      const start = this.#start[slot] as number
      const length = this.#length[slot] as number
      bytes.set(this.#bytes.subarray(start, start + length), at)
      this.#start[slot] = at
      at += length
    }
    this.#bytes = bytes
    this.#tail = at
  }
}

/**
 * A ring buffer of the last `size` entries, newest last, that tells listeners about each change.
 * It keeps each entry as `Stored` (by default the entry's fields) and makes the entry with `expand`
 * when someone reads it: the server stores what it saw and works out the verdict only then.
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
export type JournalReader = Pick<Journal, 'size' | 'length' | 'entries' | 'clear' | 'emit' | 'subscribe'>

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
