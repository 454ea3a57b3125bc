import { isForbiddenRequestHeader, normalizeMethod } from '../engine/request.ts'
import { simulate } from '../engine/simulate.ts'
import type { Answer, AnswerRequest, CredentialsMode, HeaderList, PageRequest, RequestMode, Verdict } from '../engine/types.ts'
import { getFirst } from '../scenarios/headers.ts'
import { requestedHeaderNames, type JournalEntry, type JournalVerdict } from './journal-entry.ts'

/** One request a server answered, as the server saw it: what the journal judges. */
export interface ServedExchange {
  /** The absolute URL the request was sent to. */
  url: string
  method: string
  /** A CORS preflight (OPTIONS with Origin and Access-Control-Request-Method). */
  preflight: boolean
  /**
   * The request's header lines, names in any case. Origin is required; a preflight is judged for its
   * Access-Control-Request-Method and -Headers; Sec-Fetch-Mode gives the mode (absent: cors).
   */
  requestHeaders: HeaderList
  status: number
  responseHeaders: HeaderList
}

// A value that no CORS-safelisting rule accepts, so a name from Access-Control-Request-Headers stays unsafe.
const unsafeValue = (name: string) => (name === 'content-type' ? 'application/json' : '"corslab"')

/**
 * The answer that passes every CORS check for what the browser sends, standing in for the parts of
 * the exchange the server did not see (the preflight that let a request through, a redirect's target).
 */
export function passingAnswer(sent: AnswerRequest, credentials: boolean): { status: number, headers: HeaderList } {
  const headers: HeaderList = [['access-control-allow-origin', getFirst(sent.headers, 'origin') ?? 'null']]
  if (credentials) headers.push(['access-control-allow-credentials', 'true'])
  if (sent.kind === 'response') return { status: 200, headers }
  headers.push(['access-control-allow-methods', getFirst(sent.headers, 'access-control-request-method') ?? 'GET'])
  const names = getFirst(sent.headers, 'access-control-request-headers')
  if (names !== undefined) headers.push(['access-control-allow-headers', names])
  return { status: 204, headers }
}

function modeOf(value: string | undefined): RequestMode | null {
  if (value === undefined || value === 'cors') return 'cors'
  if (value === 'no-cors' || value === 'same-origin') return value
  return null
}

// The fetch() call behind what the server saw, or null when it was no CORS request (no Origin, a navigation).
function pageRequestOf(exchange: ServedExchange, credentials: CredentialsMode): PageRequest | null {
  const { requestHeaders: lines } = exchange
  const origin = getFirst(lines, 'origin')
  if (origin === undefined) return null
  if (exchange.preflight) {
    return {
      url: exchange.url,
      origin,
      method: normalizeMethod(getFirst(lines, 'access-control-request-method') ?? 'GET'),
      headers: requestedHeaderNames(getFirst(lines, 'access-control-request-headers')).map((n) => [n, unsafeValue(n)]),
      credentials,
    }
  }
  const mode = modeOf(getFirst(lines, 'sec-fetch-mode'))
  if (mode === null) return null
  return { url: exchange.url, origin, method: exchange.method, headers: lines.filter(([n, v]) => !isForbiddenRequestHeader(n, v)), credentials, mode }
}

/**
 * What Chromium does with one answer a server gave, for the page's credentials mode as given by
 * whoever knows it (a server knows `include` when a Cookie came; a test runner may know more). A
 * preflight is judged for what it asked; a request by the CORS check on its response (the browser
 * sent it, so its preflight passed), and a redirect as a hop the browser follows. Undefined when there
 * is nothing to judge (no Origin, a navigation) or the engine refuses the input (an Origin that is
 * not an origin).
 *
 * @example
 * const judged = judgeServed({ url: 'http://127.0.0.1:4010/api/items', method: 'GET', preflight: false,
 *   requestHeaders: [['origin', 'http://localhost:5173']], status: 200, responseHeaders: [] }, 'omit')
 * judged?.verdict.reason // 'missing-allow-origin'
 */
export function judgeServed(exchange: ServedExchange, credentials: CredentialsMode): { verdict: Verdict, request: PageRequest } | undefined {
  const request = pageRequestOf(exchange, credentials)
  if (request === null) return undefined
  const judged: AnswerRequest['kind'] = exchange.preflight ? 'preflight' : 'response'
  const actual: Answer = { status: exchange.status, headers: exchange.responseHeaders }
  const include = credentials === 'include'
  try {
    const verdict = simulate({ request }, {
      browser: 'chromium',
      resolve: (sent) => (sent.hop === 0 && sent.kind === judged ? actual : passingAnswer(sent, include)),
    })
    return { verdict, request }
  } catch {
    return undefined
  }
}

/** The exchange a journal entry records, sent to `url` (the entry keeps Origin and the Access-Control-Request-* headers). */
export function servedExchangeOf(entry: JournalEntry, url: string): ServedExchange {
  const requestHeaders: HeaderList = entry.origin === null ? [] : [['origin', entry.origin]]
  for (const [name, value] of Object.entries(entry.requestHeaders)) requestHeaders.push([name, value])
  return { url, method: entry.method, preflight: entry.preflight, requestHeaders, status: entry.status, responseHeaders: entry.responseHeaders }
}

/** A verdict in the journal's shape: outcome, and stage, reason and console text where set. */
export function toJournalVerdict(verdict: Verdict): JournalVerdict {
  const result: JournalVerdict = { outcome: verdict.outcome }
  if (verdict.stage !== undefined) result.stage = verdict.stage
  if (verdict.reason !== undefined) result.reason = verdict.reason
  if (verdict.message !== undefined) result.message = verdict.message
  return result
}
