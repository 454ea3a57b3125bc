import { CorslabError } from '../errors.ts'
import {
  browsers as allBrowsers,
  classifyRequest,
  corsUnsafeRequestHeaderNames,
  simulate,
  suggestFix,
  type AnswerRequest,
  type BrowserName,
  type Fix,
  type HeaderList,
  type PageRequest,
  type Verdict,
} from '../engine/index.ts'
import { isCorsSafelistedMethod } from '../engine/request.ts'
import { send, type Received } from './send.ts'

export interface CheckOptions {
  url: string
  origin: string
  method?: string
  headers?: HeaderList
  /** The request's body (none by default); a server that parses JSON may refuse an empty one. */
  body?: string
  credentials?: boolean
  /** Follow redirects as the browser does (otherwise the check stops at the first redirect). */
  follow?: boolean
  browsers?: BrowserName[]
  timeoutMs?: number
  insecure?: boolean
}

/** One request corslab sent, and what came back. */
export interface Exchanged {
  kind: 'preflight' | 'response'
  method: string
  url: string
  requestHeaders: HeaderList
  /** null: the server closed the connection without answering. */
  status: number | null
  headers: HeaderList
}

export interface BrowserResult {
  verdict: Verdict
  fix: Fix | null
}

export interface CheckReport {
  request: { url: string; origin: string; method: string; headers: HeaderList; credentials: 'include' | 'same-origin' }
  /** Whether a preflight is due, and which method or headers make it so. */
  preflight: { due: boolean; why: string[] }
  exchanges: Exchanged[]
  /** Set when the check stopped at a redirect it was not asked to follow. */
  stoppedAtRedirect?: { status: number; location: string }
  browsers: Partial<Record<BrowserName, BrowserResult>>
  /** blocked when any browser blocks; redirect when it stopped at a redirect; allowed otherwise. */
  outcome: 'allowed' | 'blocked' | 'redirect'
}

class Pending {
  readonly need: AnswerRequest
  constructor(need: AnswerRequest) {
    this.need = need
  }
}
class StopAtRedirect {}

const keyOf = (need: AnswerRequest) => JSON.stringify([need.kind, need.method, need.url, need.headers])

/** Why a preflight is due: https://fetch.spec.whatwg.org/#main-fetch step 12, the preflight branch. */
export function preflightReasons(request: PageRequest): string[] {
  const classified = classifyRequest(request)
  const url = new URL(request.url)
  if (request.origin !== 'null' && url.origin === request.origin) return []
  const why: string[] = []
  if (!isCorsSafelistedMethod(classified.method)) why.push(`method ${classified.method} is not GET, HEAD or POST`)
  for (const name of corsUnsafeRequestHeaderNames(classified.headers)) {
    const value = classified.headers.find(([n]) => n === name)?.[1] ?? ''
    why.push(`header ${name}: ${value} is not CORS-safelisted`)
  }
  return why
}

/**
 * Sends what a browser would send (the preflight where one is due, then the request with `Origin`)
 * to a real server, and asks the engine what each browser does with the answers. A request the
 * preflight refuses in every browser is never sent.
 */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const headers = [...(options.headers ?? [])]
  // fetch() gives a string body this content type when the page sets none (Fetch, "extract a body").
  if (options.body !== undefined && !headers.some(([n]) => n.toLowerCase() === 'content-type')) {
    headers.push(['content-type', 'text/plain;charset=UTF-8'])
  }
  const request: PageRequest = {
    url: options.url,
    origin: options.origin,
    method: options.method ?? 'GET',
    headers,
    credentials: options.credentials ? 'include' : 'same-origin',
  }
  const classified = classifyRequest(request)
  const timeoutMs = options.timeoutMs ?? 10_000
  const answers = new Map<string, Received | null>()
  const exchanges: Exchanged[] = []
  let stoppedAtRedirect: CheckReport['stoppedAtRedirect']
  const results: CheckReport['browsers'] = {}

  for (const browser of options.browsers ?? allBrowsers) {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 100) throw new CorslabError('E_NETWORK', `Failed to check ${options.url}: the exchange did not settle.`)
      try {
        const verdict = simulate(
          { request },
          {
            browser,
            resolve: (need) => {
              if (need.hop > 0 && !options.follow) throw new StopAtRedirect()
              const key = keyOf(need)
              if (!answers.has(key)) throw new Pending(need)
              return answers.get(key) ?? null
            },
          },
        )
        results[browser] = { verdict, fix: suggestFix(verdict, request) }
        break
      } catch (signal) {
        if (signal instanceof StopAtRedirect) {
          const last = exchanges.filter((e) => e.kind === 'response').at(-1)
          const location = last?.headers.find(([n]) => n === 'location')?.[1] ?? ''
          stoppedAtRedirect = { status: last?.status ?? 0, location: new URL(location, last?.url ?? options.url).href }
          break
        }
        if (!(signal instanceof Pending)) throw signal
        const { need } = signal
        // The Host and the rest are added by the HTTP client; the CORS-relevant lines are exactly the browser's.
        const body = need.kind === 'response' && need.method !== 'GET' && need.method !== 'HEAD' ? options.body : undefined
        const received = await send({ url: need.url, method: need.method, headers: need.headers, timeoutMs, insecure: options.insecure ?? false, ...(body === undefined ? {} : { body }) })
        answers.set(keyOf(need), received)
        exchanges.push({ kind: need.kind, method: need.method, url: need.url, requestHeaders: need.headers, status: received?.status ?? null, headers: received?.headers ?? [] })
      }
    }
  }

  const verdicts = Object.values(results).map((r) => r.verdict)
  const outcome = verdicts.some((v) => v.outcome === 'blocked') ? 'blocked' : stoppedAtRedirect ? 'redirect' : 'allowed'
  return {
    request: { url: classified.url.href, origin: options.origin, method: classified.method, headers: classified.headers, credentials: request.credentials as 'include' | 'same-origin' },
    preflight: { due: preflightReasons(request).length > 0, why: preflightReasons(request) },
    exchanges,
    ...(stoppedAtRedirect ? { stoppedAtRedirect } : {}),
    browsers: results,
    outcome,
  }
}
