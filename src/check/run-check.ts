import {
  browsers as allBrowsers,
  classifyRequest,
  corsUnsafeRequestHeaderNames,
  simulateSteps,
  suggestFix,
  type Answer,
  type AnswerRequest,
  type BrowserName,
  type Fix,
  type HeaderList,
  type RedirectMode,
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
  /** fetch()'s `redirect` option: `follow` (the default, as in fetch), `manual` or `error`. */
  redirect?: RedirectMode
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
  browsers: Partial<Record<BrowserName, BrowserResult>>
  /**
   * blocked when any browser blocks; opaque when fetch() resolves with an opaque-redirect response
   * (`redirect: 'manual'` at a redirect); allowed otherwise.
   */
  outcome: 'allowed' | 'blocked' | 'opaque'
}

const keyOf = (need: AnswerRequest) => JSON.stringify([need.kind, need.method, need.url, need.headers])

/** Why a preflight is due: https://fetch.spec.whatwg.org/#main-fetch step 12, the preflight branch. */
export function preflightReasons(request: PageRequest): string[] {
  const classified = classifyRequest(request)
  const url = new URL(request.url)
  // A request fetch() refuses goes nowhere: no preflight either.
  if (classified.refusal !== null || (request.origin !== 'null' && url.origin === request.origin)) return []
  const why: string[] = []
  if (!isCorsSafelistedMethod(classified.method)) why.push(`method ${classified.method} is not GET, HEAD or POST`)
  for (const name of corsUnsafeRequestHeaderNames(classified.headers)) {
    const value = classified.headers.find(([n]) => n === name)?.[1] ?? ''
    why.push(`header ${name}: ${value} is not CORS-safelisted`)
  }
  return why
}

/**
 * Sends what a browser would send (the preflight where one is due, then the request with `Origin`,
 * hop by hop along redirects) to a real server, and asks the engine what each browser does with the
 * answers. Each request goes out once: a browser that sends the same request as another gets the
 * same answer. A request the preflight refuses in every browser is never sent.
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
    redirect: options.redirect ?? 'follow',
  }
  const classified = classifyRequest(request)
  const timeoutMs = options.timeoutMs ?? 10_000
  const answers = new Map<string, Received | null>()
  const exchanges: Exchanged[] = []

  const answerTo = async (need: AnswerRequest): Promise<Answer | null> => {
    const key = keyOf(need)
    if (answers.has(key)) return answers.get(key) ?? null
    // The Host and the rest are added by the HTTP client; the CORS-relevant lines are exactly the browser's.
    const body = need.kind === 'response' && need.method !== 'GET' && need.method !== 'HEAD' ? options.body : undefined
    const received = await send({ url: need.url, method: need.method, headers: need.headers, timeoutMs, insecure: options.insecure ?? false, ...(body === undefined ? {} : { body }) })
    answers.set(key, received)
    exchanges.push({ kind: need.kind, method: need.method, url: need.url, requestHeaders: need.headers, status: received?.status ?? null, headers: received?.headers ?? [] })
    return received
  }

  const results: CheckReport['browsers'] = {}
  for (const browser of options.browsers ?? allBrowsers) {
    const steps = simulateSteps(request, { browser })
    let step = steps.next()
    while (!step.done) step = steps.next(await answerTo(step.value))
    results[browser] = { verdict: step.value, fix: suggestFix(step.value, request) }
  }

  const verdicts = Object.values(results).map((r) => r.verdict)
  const outcome = verdicts.some((v) => v.outcome === 'blocked') ? 'blocked' : verdicts.some((v) => v.outcome === 'opaque') ? 'opaque' : 'allowed'
  const why = preflightReasons(request)
  return {
    request: { url: classified.url.href, origin: options.origin, method: classified.method, headers: classified.headers, credentials: request.credentials as 'include' | 'same-origin' },
    preflight: { due: why.length > 0, why },
    exchanges,
    browsers: results,
    outcome,
  }
}
