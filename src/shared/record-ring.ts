const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * The last `size` records as UTF-8 JSON in one byte ring, outside the JS heap. A journal of objects
 * keeps every request's object graph alive for the next `size` requests; V8 answers that survival by
 * growing its young generation, and a busy server's RSS grows by tens of megabytes (measured: +53 MB
 * over 200,000 requests, +11 MB without the journal). As bytes, the records cost the collector nothing.
 */
export class RecordRing {
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

