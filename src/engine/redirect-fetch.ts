import { corsNonWildcardRequestHeaders, requestBodyHeaders } from './fetch-terms.ts'
import { record, type FetchState } from './fetch-state.ts'
import type { Redirect } from './http-fetch.ts'
import type { Verdict } from './types.ts'
import { isHttpScheme, parseUrl } from './url.ts'
import { blocked } from './verdict.ts'

const MAX_REDIRECTS = 20

/**
 * https://fetch.spec.whatwg.org/#http-redirect-fetch steps 5-14: moves the fetch to the redirect's
 * URL (main fetch then runs again there), or returns the blocked verdict.
 */
export function httpRedirectFetch(fetch: FetchState, { status, location }: Redirect): Verdict | null {
  const next = parseUrl(location, fetch.url.href)
  // Step 5.
  if (!record(fetch, 'redirect-location', 'HTTP-redirect fetch, step 5', next !== null) || next === null) {
    return blocked(fetch, { reason: 'network-error', stage: 'redirect', status, location })
  }
  // Step 6.
  if (!record(fetch, 'redirect-scheme', 'HTTP-redirect fetch, step 6', isHttpScheme(next))) {
    return blocked(fetch, { reason: 'redirect-disallowed-scheme', stage: 'redirect', status, location: next.href })
  }
  // Step 7: the 21st redirect fails (hop counts the redirects followed so far).
  if (!record(fetch, 'redirect-count', 'HTTP-redirect fetch, step 7', fetch.hop < MAX_REDIRECTS)) {
    return blocked(fetch, { reason: 'network-error', stage: 'redirect', detail: 'too-many-redirects', status, location: next.href })
  }
  // Steps 9-10: credentials in the URL are refused across origins and on a CORS request.
  const { request } = fetch
  const crossOriginCredentials = request.mode === 'cors' && next.credentials && next.origin !== request.origin
  const corsCredentials = fetch.tainting === 'cors' && next.credentials
  if (!record(fetch, 'redirect-credentials', 'HTTP-redirect fetch, steps 9-10', !crossOriginCredentials && !corsCredentials)) {
    return blocked(fetch, { reason: 'redirect-contains-credentials', stage: 'redirect', status, location: next.href })
  }
  // Step 12: 301/302 turn POST into GET, 303 turns everything but GET/HEAD into GET.
  const { method } = fetch
  if (((status === 301 || status === 302) && method === 'POST') || (status === 303 && method !== 'GET' && method !== 'HEAD')) {
    fetch.method = 'GET'
    fetch.headers = fetch.headers.filter(([n]) => !requestBodyHeaders.has(n))
  }
  const urlOrigin = fetch.url.origin
  // WebKit makes a GET of a DELETE sent on to another origin, keeping its headers. Leaving the page's
  // own origin, it then preflights the GET as it is (none for a plain GET); leaving another origin,
  // it keeps preflighting every hop as it does for any request that needed one (measured).
  if (fetch.profile.deleteBecomesGetAcrossOrigins && fetch.method === 'DELETE' && urlOrigin !== next.origin) {
    fetch.method = 'GET'
    if (fetch.tainting === 'basic') fetch.preflightAsSent = true
  }
  if (urlOrigin !== next.origin) {
    // Step 13: `Authorization` does not cross origins.
    fetch.headers = fetch.headers.filter(([n]) => !corsNonWildcardRequestHeaders.has(n))
    // Step 14: once a redirect leaves a cross-origin URL for another origin, the origin is "null".
    if (request.origin === 'null' || request.origin !== urlOrigin) fetch.taintedOrigin = true
  }
  fetch.url = next
  fetch.hop++
  return null
}
