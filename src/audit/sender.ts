import { send, type Received } from '../check/send.ts'
import type { HeaderList } from '../engine/index.ts'
import type { Evidence } from './types.ts'

export interface SenderOptions {
  timeoutMs: number
  insecure: boolean
  /** At most this many requests a second; one at a time either way. */
  rate?: number
  /** Lines the browser adds by itself (Cookie), sent with every request but the preflights. */
  alongside: HeaderList
  /** The body, for a request whose method is neither GET nor HEAD; none otherwise. */
  body?: string
  /** Never more requests than this (the bound the audit promised). */
  limit: number
}

export interface Wanted {
  kind: 'preflight' | 'request'
  method: string
  url: string
  headers: HeaderList
}

const keyOf = (w: Wanted) => JSON.stringify([w.kind, w.method, w.url, w.headers])

// The lines of an answer that decide CORS and caching by origin.
const corsLine = (name: string) => name.startsWith('access-control-') || name === 'vary'

/**
 * Sends the audit's requests one at a time (spaced out under `rate`), each at most once: the
 * engine asks for the same answer once per browser and credentials mode.
 */
export class Sender {
  readonly #options: SenderOptions
  readonly #answers = new Map<string, Received | null>()
  #next = 0
  /** Every request sent, in order. */
  readonly sent: Evidence[] = []

  constructor(options: SenderOptions) {
    this.#options = options
  }

  /** Whether the budget allows another request. */
  get canSend(): boolean {
    return this.sent.length < this.#options.limit
  }

  /** The answer already received (undefined: not sent yet; null: the connection closed unanswered). */
  answer(wanted: Wanted): Received | null | undefined {
    return this.#answers.get(keyOf(wanted))
  }

  async fetch(wanted: Wanted): Promise<Received | null> {
    const key = keyOf(wanted)
    if (this.#answers.has(key)) return this.#answers.get(key) ?? null
    if (this.#options.rate !== undefined) {
      const wait = this.#next - Date.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      this.#next = Math.max(Date.now(), this.#next) + 1000 / this.#options.rate
    }
    const preflight = wanted.kind === 'preflight'
    const headers = preflight ? wanted.headers : [...wanted.headers, ...this.#options.alongside]
    const withBody = !preflight && wanted.method !== 'GET' && wanted.method !== 'HEAD' && this.#options.body !== undefined
    const received = await send({
      url: wanted.url,
      method: wanted.method,
      headers,
      timeoutMs: this.#options.timeoutMs,
      insecure: this.#options.insecure,
      ...(withBody ? { body: this.#options.body as string } : {}),
    })
    this.#answers.set(key, received)
    this.sent.push({
      kind: wanted.kind,
      method: wanted.method,
      url: wanted.url,
      requestHeaders: wanted.headers,
      status: received?.status ?? null,
      headers: (received?.headers ?? []).filter(([n]) => corsLine(n)),
    })
    return received
  }
}

/** All values of a header, lower-cased name given. */
export function headerValues(headers: HeaderList, name: string): string[] {
  return headers.filter(([n]) => n === name).map(([, v]) => v)
}

/** Whether `Vary` names Origin (or is `*`). */
export function variesOnOrigin(headers: HeaderList): boolean {
  return headerValues(headers, 'vary').some((v) => v.split(',').some((f) => ['origin', '*'].includes(f.trim().toLowerCase())))
}
