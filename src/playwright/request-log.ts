import type { BrowserContext, Request } from '@playwright/test'

/** A request the browser sent to this test's session URL, as Playwright reports it. */
export interface SentRequest {
  method: string
  /** Path and query under the session prefix, as the journal writes it. */
  path: string
  url: string
  resourceType: string
  headers: Promise<Record<string, string>>
  /** `failed` is what a CORS block looks like from here (net::ERR_FAILED), as does a network error. */
  outcome: 'pending' | 'finished' | 'failed'
}

/**
 * Records what the page sends to one session's URL and how it ended. The journal alone cannot tell
 * whether a request needed a preflight (it keeps the Access-Control-Request-* headers, not the
 * page's own), nor the page's credentials mode.
 */
export class RequestLog {
  readonly #base: string
  readonly #sent = new Map<Request, SentRequest>()
  #stop: (() => void) | undefined
  readonly #waiters = new Set<() => void>()

  /** `base`: the session's URL prefix, `http://HOST:PORT/@ID`. */
  constructor(base: string) {
    this.#base = base
  }

  get sent(): SentRequest[] {
    return [...this.#sent.values()]
  }

  watch(context: BrowserContext): void {
    const onRequest = (request: Request) => {
      const url = request.url()
      if (!url.startsWith(`${this.#base}/`)) return
      // Asked for now, while the request is alive; Playwright keeps the answer.
      const headers = request.allHeaders().catch(() => request.headers())
      this.#sent.set(request, { method: request.method(), path: url.slice(this.#base.length), url, resourceType: request.resourceType(), headers, outcome: 'pending' })
      this.#changed()
    }
    const ended = (outcome: SentRequest['outcome']) => (request: Request) => {
      const sent = this.#sent.get(request)
      if (sent === undefined) return
      sent.outcome = outcome
      this.#changed()
    }
    const onFinished = ended('finished')
    const onFailed = ended('failed')
    context.on('request', onRequest)
    context.on('requestfinished', onFinished)
    context.on('requestfailed', onFailed)
    this.#stop = () => {
      context.off('request', onRequest)
      context.off('requestfinished', onFinished)
      context.off('requestfailed', onFailed)
    }
  }

  /**
   * Resolves on the next request the page sends to the session, or the next one that ends, or after
   * `ms`, or when `signal` aborts.
   */
  next(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.#waiters.delete(done)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, Math.max(0, ms))
      this.#waiters.add(done)
      signal?.addEventListener('abort', done)
    })
  }

  #changed(): void {
    for (const wake of this.#waiters) wake()
  }

  /**
   * Waits (up to `ms`) until the requests the server has answered have ended in the browser too:
   * a response's events reach this process a little after the server wrote its journal entry.
   */
  async settle(answered: ReadonlyArray<{ method: string, path: string }>, ms = 1000): Promise<void> {
    const deadline = Date.now() + ms
    const waiting = () => this.sent.some((s) => s.outcome === 'pending' && answered.some((a) => a.method === s.method && a.path === s.path))
    while (waiting() && Date.now() < deadline) await this.next(deadline - Date.now())
  }

  stop(): void {
    this.#stop?.()
    this.#stop = undefined
  }
}
