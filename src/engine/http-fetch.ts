import { checkCors } from './cors-check.ts'
import { exposedNames } from './exposed-headers.ts'
import { readAnswer, record, requestOrigin, unparsable, withOrigin, type FetchState } from './fetch-state.ts'
import { get, isRedirectStatus } from './http.ts'
import type { PreflightCacheKey } from './preflight-cache.ts'
import { isCorsSafelistedMethod } from './request.ts'
import { parseUrl } from './url.ts'
import type { Answer, AnswerRequest, Verdict } from './types.ts'
import { blocked, settled } from './verdict.ts'

/** A preflight the request needs: its cache key (the origin it carries) and the names it asks about. */
export interface DuePreflight {
  key: PreflightCacheKey
  headerNames: string[]
}

/** A redirect the browser follows: HTTP-redirect fetch takes it from here. */
export interface Redirect {
  status: number
  /** The `Location` value, as sent. */
  location: string
}

/**
 * https://fetch.spec.whatwg.org/#http-fetch step 4.1: a CORS-preflight fetch is due when the method
 * or a header is not safelisted, and no preflight cache entry covers them. Returns null otherwise.
 */
export function preflightDue(fetch: FetchState): DuePreflight | null {
  if (fetch.tainting !== 'cors') return null
  const { request, profile } = fetch
  // Firefox and WebKit preflight every cross-origin URL of a request that needed a preflight as the
  // page made it, even where a redirect made it simple.
  const sticky = request.needsPreflight && !fetch.preflightAsSent ? profile.preflightAfterRedirect : false
  // A redirect only ever removes headers, so the unsafe names are the first hop's still present;
  // WebKit keeps asking for the page's names, even those a redirect removed.
  const headerNames =
    fetch.hop === 0 || sticky === 'first' ? request.unsafeNames : request.unsafeNames.filter((name) => fetch.headers.some(([n]) => n === name))
  // XHR send(): upload listeners set the use-CORS-preflight flag, for every URL of the chain.
  if (!request.forcePreflight && isCorsSafelistedMethod(fetch.method) && headerNames.length === 0 && sticky === false) return null
  const key = preflightKey(fetch)
  if (fetch.cache?.covers(key, fetch.method, headerNames, fetch.now)) {
    record(fetch, 'preflight-cache', 'HTTP fetch, step 4.1 (method and header-name cache entry match)', true)
    return null
  }
  return { key, headerNames }
}

/** The preflight cache key of the request at its current URL. */
function preflightKey(fetch: FetchState): PreflightCacheKey {
  const { request, profile } = fetch
  // Firefox sends the page's origin on a later preflight even after a redirect tainted it.
  const origin = request.needsPreflight && profile.preflightAfterRedirect === 'page' ? request.origin : requestOrigin(fetch)
  return { browser: fetch.browser, origin, url: fetch.url.href, credentials: fetch.credentials }
}

/** HTTP-network-or-cache fetch: the request itself as the browser sends it, `Origin` appended. */
export function requestToSend(fetch: FetchState): AnswerRequest {
  const headers = withOrigin(fetch.headers, fetch.tainting, requestOrigin(fetch), fetch.method)
  fetch.sentHeaders ??= headers
  return { kind: 'response', hop: fetch.hop, url: fetch.url.href, method: fetch.method, headers }
}

// The page's request went to its own origin with `credentials: 'same-origin'`, so with credentials.
function sameOriginStart(fetch: FetchState): boolean {
  const { request } = fetch
  return request.credentials === 'same-origin' && request.origin !== 'null' && request.url.origin === request.origin
}

/**
 * https://fetch.spec.whatwg.org/#http-fetch steps 4.4-6, on the answer to the request: the CORS check
 * (redirects included), then the redirect mode. Returns the verdict, or the redirect to follow.
 */
export function httpFetch(fetch: FetchState, answer: Answer | null): Verdict | Redirect {
  if (answer === null || answer === undefined) {
    // No answer: the connection failed, a network error (not a CORS one).
    record(fetch, 'response', 'HTTP-network fetch (network error)', false)
    return blocked(fetch, { reason: 'network-error', stage: fetch.hop === 0 ? 'response' : 'redirect', detail: 'connection' })
  }
  const { status, headers } = readAnswer(answer, fetch.hop)
  // A header value with a NUL: no browser takes it for an HTTP response.
  if (unparsable(headers)) {
    record(fetch, 'response', 'HTTP-network fetch (a response that parses)', false)
    return blocked(fetch, { reason: 'network-error', stage: fetch.hop === 0 ? 'response' : 'redirect', detail: 'invalid-response' })
  }
  const location = isRedirectStatus(status) ? get(headers, 'location') : null

  // Step 4.4: the CORS check runs on every response, redirects included.
  if (fetch.tainting === 'cors') {
    // WebKit checks a redirect with the credentials a same-origin start sent along.
    const credentials = fetch.credentials || (location !== null && fetch.profile.redirectKeepsSameOriginCredentials && sameOriginStart(fetch))
    const failure = checkCors(headers, requestOrigin(fetch), credentials, fetch.browser)
    if (!record(fetch, 'cors-check', 'CORS check (HTTP fetch, step 4.4)', failure === null) && failure) {
      // Firefox drops the URL's cached preflight when the response fails its CORS check.
      if (fetch.profile.failedResponseClearsPreflight) fetch.cache?.forget?.(preflightKey(fetch))
      const target = location === null ? undefined : parseUrl(location, fetch.url.href)?.href
      return blocked(fetch, { ...failure, stage: location === null ? 'response' : 'redirect', status, ...(target === undefined ? {} : { location: target }) })
    }
  }

  if (location === null) {
    if (fetch.tainting === 'opaque') return settled(fetch, 'opaque', 0, [])
    return settled(fetch, 'allowed', status, exposedNames(headers, fetch.tainting, fetch.credentials, fetch.browser, fetch.request.initiator))
  }

  // Step 6: a redirect status with a Location is followed, refused or handed back.
  if (fetch.request.redirect === 'error') {
    record(fetch, 'redirect-mode', 'HTTP fetch, step 6 ("error")', false)
    return blocked(fetch, { reason: 'network-error', stage: 'redirect', detail: 'redirect-mode-error', status })
  }
  if (fetch.request.redirect === 'manual') {
    record(fetch, 'redirect-mode', 'HTTP fetch, step 6 ("manual": an opaque-redirect response)', true)
    return settled(fetch, 'opaque', status, [])
  }
  return { status, location }
}
