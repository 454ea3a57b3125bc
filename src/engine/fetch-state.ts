import { CorslabError } from '../errors.ts'
import type { ResponseTainting } from './exposed-headers.ts'
import { toHeaderList } from './http.ts'
import type { PreflightCache } from './preflight-cache.ts'
import type { BrowserProfile } from './profiles.ts'
import type { ClassifiedRequest } from './request.ts'
import type { UrlParts } from './url.ts'
import type { Answer, BrowserName, Check, HeaderList, LocalNetworkAccess, PreflightRequest } from './types.ts'

/**
 * One fetch() as the browser carries it from URL to URL: the request as redirects change it, and
 * what the verdict reports. The steps (main-fetch.ts, http-fetch.ts, preflight-fetch.ts,
 * redirect-fetch.ts) read and update it; nothing else does.
 */
export interface FetchState {
  readonly browser: BrowserName
  readonly profile: BrowserProfile
  /** The page's request as fetch() built it. */
  readonly request: ClassifiedRequest
  /** The credentials mode is `include`. */
  readonly credentials: boolean
  readonly cache: PreflightCache | undefined
  /** The preflight cache's clock, in milliseconds. */
  readonly now: number
  /** Index of the current URL in the redirect chain (the redirects followed so far). */
  hop: number
  url: UrlParts
  method: string
  /** The author headers still sent: a redirect may drop some. */
  headers: HeaderList
  tainting: ResponseTainting
  /** A redirect made the request's origin opaque (HTTP-redirect fetch, step 14): it sends `Origin: null`. */
  taintedOrigin: boolean
  /**
   * The request is preflighted from here on as it now is, not as the page made it (WebKit, once it
   * made a GET of a DELETE sent on to another origin).
   */
  preflightAsSent: boolean
  firstPreflight: PreflightRequest | null
  preflights: number
  /** The first request's headers as sent, `Origin` included. */
  sentHeaders: HeaderList | null
  /** The user's answer to the Local Network Access prompt. */
  readonly localNetworkAccess: LocalNetworkAccess
  /** The last hop whose address space was checked (once per URL: on its first connection). */
  spaceCheckedHop: number
  readonly checks: Check[]
}

export function startFetch(
  request: ClassifiedRequest,
  browser: BrowserName,
  profile: BrowserProfile,
  cache: PreflightCache | undefined,
  now: number,
  localNetworkAccess: LocalNetworkAccess = 'prompt',
): FetchState {
  return {
    browser,
    profile,
    request,
    credentials: request.credentials === 'include',
    cache,
    now,
    hop: 0,
    url: request.url,
    method: request.method,
    headers: request.headers,
    tainting: 'basic',
    taintedOrigin: false,
    preflightAsSent: false,
    firstPreflight: null,
    preflights: 0,
    sentHeaders: null,
    localNetworkAccess,
    spaceCheckedHop: -1,
    checks: [],
  }
}

/** The request's serialized origin: the page's, or 'null' once a redirect tainted it. */
export const requestOrigin = (fetch: FetchState): string => (fetch.taintedOrigin ? 'null' : fetch.request.origin)

/** Adds a check to the verdict's trail and returns whether it passed. */
export function record(fetch: FetchState, name: string, step: string, passed: boolean): boolean {
  fetch.checks.push({ hop: fetch.hop, name, step, passed })
  return passed
}

/** An answer's status and header lines (names lower-cased); a status that is not one throws. */
export function readAnswer(answer: Answer, hop: number): { status: number; headers: HeaderList } {
  const { status } = answer
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 999) {
    throw new CorslabError('E_INVALID_EXCHANGE', `Failed to read the status of answer ${hop}: ${JSON.stringify(status)} is not an HTTP status code.`)
  }
  return { status, headers: toHeaderList(answer.headers) }
}

/** A header value with a NUL byte: the browser's HTTP parser refuses the whole response. */
export function unparsable(headers: HeaderList): boolean {
  for (const [, value] of headers) if (value.includes('\0')) return true
  return false
}

// HTTP-network-or-cache fetch: `Origin` goes on every CORS request and on no-cors requests that
// are not GET or HEAD (https://fetch.spec.whatwg.org/#append-a-request-origin-header).
export function withOrigin(headers: HeaderList, tainting: ResponseTainting, origin: string, method: string): HeaderList {
  const sendOrigin = tainting === 'cors' || (method !== 'GET' && method !== 'HEAD')
  return sendOrigin ? [...headers, ['origin', origin]] : [...headers]
}
