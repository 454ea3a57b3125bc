import { CorslabError } from '../errors.ts'
import { checkCors } from './cors-check.ts'
import { exposedHeaderNames, type ResponseTainting } from './exposed-headers.ts'
import { corsNonWildcardRequestHeaders, requestBodyHeaders } from './fetch-terms.ts'
import { get, isRedirectStatus, toHeaderList } from './http.ts'
import { consoleMessage, type Failure } from './messages.ts'
import { checkPreflight, isPreflightFailure, preflightHeaders } from './preflight.ts'
import { profiles } from './profiles.ts'
import { isHttpScheme, parseUrl } from './url.ts'
import { classifyRequest, corsUnsafeRequestHeaderNames, isCorsSafelistedMethod } from './request.ts'
import type { Answer, AnswerRequest, AnswerResolver, BrowserName, Check, Exchange, HeaderList, Hop, PreflightRequest, SimulateOptions, Verdict } from './types.ts'

const MAX_REDIRECTS = 20

function hopsOf(exchange: Exchange): Hop[] {
  if (exchange.chain !== undefined) {
    if (!Array.isArray(exchange.chain) || exchange.chain.length === 0) {
      throw new CorslabError('E_INVALID_EXCHANGE', 'Failed to read exchange.chain: give one { preflight?, response } entry per URL, at least one.')
    }
    return exchange.chain
  }
  return [{ preflight: exchange.preflight ?? null, response: exchange.response as Answer }]
}

// The answer to what the browser sends: from the exchange, hop by hop, or from a resolver.
function answerTo(hops: Hop[] | null, resolve: AnswerResolver | undefined, need: AnswerRequest): Answer | null {
  if (hops === null) return (resolve as AnswerResolver)(need)
  if (need.kind === 'preflight') return hops[need.hop]?.preflight ?? null
  const answer = hops[need.hop]?.response
  if (answer === undefined || answer === null) {
    const where = need.hop === 0 ? 'exchange.response (or exchange.chain[0].response)' : `exchange.chain[${need.hop}].response`
    throw new CorslabError('E_INVALID_EXCHANGE', `Failed to simulate: the request to ${need.url} needs an answer; give ${where}.`)
  }
  return answer
}

function checkStatus(status: unknown, hop: number): number {
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 999) {
    throw new CorslabError('E_INVALID_EXCHANGE', `Failed to read the status of answer ${hop}: ${JSON.stringify(status)} is not an HTTP status code.`)
  }
  return status
}


/**
 * What a browser does with one fetch(): https://fetch.spec.whatwg.org/#main-fetch, HTTP fetch,
 * CORS-preflight fetch and HTTP-redirect fetch, as `browser` runs them. A CORS failure is a verdict;
 * only invalid input throws (a CorslabError).
 *
 * @example
 * import { simulate } from 'corslab'
 * const verdict = simulate({
 *   request: { url: 'http://localhost:4010/api/items', origin: 'http://localhost:5173' },
 *   response: { status: 200, headers: { 'content-type': 'application/json' } },
 * }, { browser: 'firefox' })
 * verdict.outcome // 'blocked'
 * verdict.reason // 'missing-allow-origin'
 */
export function simulate(exchange: Exchange, options: SimulateOptions = {}): Verdict {
  const browser: BrowserName = options.browser ?? 'chromium'
  if (!(browser in profiles)) {
    throw new CorslabError('E_INVALID_OPTION', `Failed to read options.browser: ${JSON.stringify(browser)} is not one of 'chromium', 'firefox', 'webkit'.`)
  }
  if (exchange === null || typeof exchange !== 'object') {
    throw new CorslabError('E_INVALID_EXCHANGE', 'Failed to simulate: pass { request, preflight?, response } or { request, chain }.')
  }
  const request = classifyRequest(exchange.request, browser)
  const hops = options.resolve ? null : hopsOf(exchange)
  const now = options.now ?? Date.now()
  const cache = options.preflightCache
  const credentials = request.credentials === 'include'
  const initialUrl = request.url.href

  const checks: Check[] = []
  let currentUrl = request.url
  let href = initialUrl
  let urlOrigin = currentUrl.origin
  let method = request.method
  let headers: HeaderList = request.headers
  let tainting: ResponseTainting = 'basic'
  let taintedOrigin = false
  let firstPreflight: PreflightRequest | null = null
  let preflighted = false
  const profile = profiles[browser]
  let preflights = 0
  let sentHeaders: HeaderList | null = null

  const check = (hop: number, name: string, step: string, passed: boolean) => {
    checks.push({ hop, name, step, passed })
    return passed
  }

  const block = (failure: Omit<Failure, 'url' | 'initialUrl' | 'origin' | 'requestOrigin' | 'method'> & { url?: string }): Verdict => {
    const requestOrigin = taintedOrigin ? 'null' : request.origin
    const full: Failure = { url: href, initialUrl, origin: request.origin, requestOrigin, method, ...failure }
    // WebKit's header map keeps a custom name as the page wrote it, and a common one in canonical case.
    if (browser === 'webkit' && full.header !== undefined) full.header = webkitHeaderName(full.header, request.names)
    return {
      outcome: 'blocked',
      stage: full.stage,
      reason: full.reason,
      preflight: firstPreflight,
      preflights,
      requestHeaders: sentHeaders ?? withOrigin(headers, tainting, request.origin, method),
      url: href,
      redirected: href !== initialUrl,
      message: consoleMessage(full, browser),
      detail: failureDetail(full),
      error: profiles[browser].fetchError,
      checks,
      browser,
    }
  }

  for (let hop = 0; ; hop++) {
    const requestOrigin = taintedOrigin ? 'null' : request.origin
    const stage = hop === 0 ? 'request' : 'redirect'
    const sameOrigin = request.origin !== 'null' && urlOrigin === request.origin

    // Main fetch step 12: pick the response tainting, or fail before anything is sent.
    const protocol = currentUrl.protocol
    if ((sameOrigin && tainting === 'basic') || protocol === 'data:') {
      tainting = 'basic'
    } else if (request.mode === 'same-origin') {
      check(hop, 'request-mode', 'Main fetch, step 12 ("same-origin")', false)
      return block({ reason: 'disallowed-by-mode', stage })
    } else if (request.mode === 'no-cors') {
      if (request.redirect !== 'follow') {
        check(hop, 'request-mode', 'Main fetch, step 12 ("no-cors"), sub-step 1', false)
        return block({ reason: 'disallowed-by-mode', stage, detail: 'no-cors-redirect' })
      }
      tainting = 'opaque'
    } else if (protocol !== 'http:' && protocol !== 'https:') {
      check(hop, 'url-scheme', 'Main fetch, step 12 (not an HTTP(S) scheme)', false)
      return block({ reason: 'cors-disabled-scheme', stage })
    } else {
      tainting = 'cors'
    }
    check(hop, 'request-mode', 'Main fetch, step 12', true)

    // HTTP fetch step 4.1: a preflight when the method or a header is not safelisted.
    if (tainting === 'cors') {
      // A redirect only ever removes headers, so the unsafe names are the first hop's still present.
      const sticky = preflighted ? profile.preflightAfterRedirect : false
      // WebKit's later preflights keep asking for the first hop's names, even those the redirect removed.
      const headerNames =
        hop === 0 || sticky === 'first' ? request.unsafeNames : request.unsafeNames.filter((name) => headers.some(([n]) => n === name))
      if (!isCorsSafelistedMethod(method) || headerNames.length > 0 || sticky !== false) {
        preflighted = true
        // Firefox sends the page's origin on a later preflight even after a redirect tainted it.
        const preflightOrigin = sticky === 'page' ? request.origin : requestOrigin
        const key = { browser, origin: preflightOrigin, url: href, credentials }
        if (cache?.covers(key, method, headerNames, now)) {
          check(hop, 'preflight-cache', 'HTTP fetch, step 4.1 (method and header-name cache entry match)', true)
        } else {
          preflights++
          const sent: PreflightRequest = { method: 'OPTIONS', url: href, headers: preflightHeaders(method, headerNames, preflightOrigin) }
          firstPreflight ??= sent
          const answer = answerTo(hops, options.resolve, { kind: 'preflight', hop, url: href, method: 'OPTIONS', headers: sent.headers })
          if (answer === undefined || answer === null) {
            check(hop, 'preflight-response', 'CORS-preflight fetch, step 6 (network error)', false)
            return block({ reason: 'preflight-network-error', stage: 'preflight', detail: 'connection' })
          }
          const status = checkStatus(answer.status, hop)
          const answerHeaders = toHeaderList(answer.headers)
          const result = checkPreflight(
            { status, headers: answerHeaders, origin: preflightOrigin, credentials, method, headerNames },
            browser,
            (name, step, passed) => check(hop, name, step, passed),
          )
          if (isPreflightFailure(result)) {
            const raw =
              result.reason === 'invalid-allow-methods'
                ? get(answerHeaders, 'access-control-allow-methods')
                : result.reason === 'invalid-allow-headers'
                  ? get(answerHeaders, 'access-control-allow-headers')
                  : null
            return block({ ...result, stage: 'preflight', status, ...(raw === null ? {} : { raw }) })
          }
          // Step 7.8-7.10: cache what this preflight allows for max-age seconds.
          if (cache && result.maxAge > 0) {
            cache.store(key, { methods: result.methods, headerNames: result.headerNames, expires: now + result.maxAge * 1000 })
          }
        }
      }
    }

    const sent = withOrigin(headers, tainting, requestOrigin, method)
    sentHeaders ??= sent
    const answer = answerTo(hops, options.resolve, { kind: 'response', hop, url: href, method, headers: sent })
    if (answer === null || answer === undefined) {
      // A resolver with no answer: the connection failed, a network error (not a CORS one).
      check(hop, 'response', 'HTTP-network fetch (network error)', false)
      return block({ reason: 'network-error', stage: hop === 0 ? 'response' : 'redirect', detail: 'connection' })
    }
    const response = { status: checkStatus(answer.status, hop), headers: toHeaderList(answer.headers) }
    const location = isRedirectStatus(response.status) ? get(response.headers, 'location') : null

    // HTTP fetch step 4.4: the CORS check runs on every response, redirects included.
    if (tainting === 'cors') {
      const failure = checkCors(response.headers, requestOrigin, credentials, browser)
      if (!check(hop, 'cors-check', 'CORS check (HTTP fetch, step 4.4)', failure === null) && failure) {
        const target = location === null ? undefined : parseUrl(location, href)?.href
        return block({
          ...failure,
          stage: location === null ? 'response' : 'redirect',
          status: response.status,
          ...(target === undefined ? {} : { location: target }),
        })
      }
    }

    // HTTP fetch step 6: a redirect status with a Location is followed, refused or handed back.
    if (location !== null) {
      if (request.redirect === 'error') {
        check(hop, 'redirect-mode', 'HTTP fetch, step 6 ("error")', false)
        return block({ reason: 'network-error', stage: 'redirect', detail: 'redirect-mode-error', status: response.status })
      }
      if (request.redirect === 'manual') {
        check(hop, 'redirect-mode', 'HTTP fetch, step 6 ("manual": an opaque-redirect response)', true)
        return settle('opaque', response.status, [], hop)
      }
      const next = parseUrl(location, href)
      // HTTP-redirect fetch step 5.
      if (!check(hop, 'redirect-location', 'HTTP-redirect fetch, step 5', next !== null) || next === null) {
        return block({ reason: 'network-error', stage: 'redirect', status: response.status, location })
      }
      // Step 6.
      if (!check(hop, 'redirect-scheme', 'HTTP-redirect fetch, step 6', isHttpScheme(next))) {
        return block({ reason: 'redirect-disallowed-scheme', stage: 'redirect', status: response.status, location: next.href })
      }
      // Step 7: the 21st redirect fails (hop counts the redirects followed so far).
      if (!check(hop, 'redirect-count', 'HTTP-redirect fetch, step 7', hop < MAX_REDIRECTS)) {
        return block({ reason: 'network-error', stage: 'redirect', detail: 'too-many-redirects', status: response.status, location: next.href })
      }
      // Steps 9-10: credentials in the URL are refused across origins and on a CORS request.
      const crossOriginCredentials = request.mode === 'cors' && next.credentials && next.origin !== request.origin
      const corsCredentials = tainting === 'cors' && next.credentials
      if (!check(hop, 'redirect-credentials', 'HTTP-redirect fetch, steps 9-10', !crossOriginCredentials && !corsCredentials)) {
        return block({ reason: 'redirect-contains-credentials', stage: 'redirect', status: response.status, location: next.href })
      }
      // Step 12: 301/302 turn POST into GET, 303 turns everything but GET/HEAD into GET.
      if (((response.status === 301 || response.status === 302) && method === 'POST') || (response.status === 303 && method !== 'GET' && method !== 'HEAD')) {
        method = 'GET'
        headers = headers.filter(([n]) => !requestBodyHeaders.has(n))
      }
      if (urlOrigin !== next.origin) {
        // Step 13: `Authorization` does not cross origins.
        headers = headers.filter(([n]) => !corsNonWildcardRequestHeaders.has(n))
        // Step 14: once a redirect leaves a cross-origin URL for another origin, the origin is "null".
        if (request.origin === 'null' || request.origin !== urlOrigin) taintedOrigin = true
      }
      currentUrl = next
      href = next.href
      urlOrigin = next.origin
      continue
    }

    if (tainting === 'opaque') return settle('opaque', 0, [], hop)
    return settle('allowed', response.status, exposedHeaderNames(response.headers, tainting, credentials), hop)
  }

  function settle(outcome: 'allowed' | 'opaque', status: number, exposedHeaders: string[], hop: number): Verdict {
    void hop
    return {
      outcome,
      preflight: firstPreflight,
      preflights,
      requestHeaders: sentHeaders ?? [],
      url: href,
      redirected: href !== initialUrl,
      status: outcome === 'opaque' ? 0 : status,
      exposedHeaders,
      checks,
      browser,
    }
  }
}


// WebKit's HTTPHeaderNames.in, the ones a page may set.
const webkitCommonHeaders = [
  'Accept', 'Accept-Language', 'Authorization', 'Cache-Control', 'Content-Language', 'Content-Type', 'If-Match',
  'If-Modified-Since', 'If-None-Match', 'If-Range', 'If-Unmodified-Since', 'Pragma', 'Range', 'Purpose', 'Priority',
  'X-Requested-With', 'X-Content-Type-Options', 'X-Frame-Options', 'Content-Disposition', 'Content-Encoding',
  'Content-Location', 'Link', 'Upgrade-Insecure-Requests', 'User-Agent', 'Icy-MetaData',
]
function webkitHeaderName(lower: string, names: Record<string, string>): string {
  return webkitCommonHeaders.find((name) => name.toLowerCase() === lower) ?? names[lower] ?? lower
}

function failureDetail(f: Failure): NonNullable<Verdict['detail']> {
  const detail: NonNullable<Verdict['detail']> = {}
  if (f.header !== undefined) detail.header = f.header
  if (f.reason === 'method-not-allowed') detail.method = f.method
  if (f.value !== undefined) detail.value = f.value
  if (f.status !== undefined) detail.status = f.status
  if (f.location !== undefined) detail.location = f.location
  return detail
}

// HTTP-network-or-cache fetch: `Origin` goes on every CORS request and on no-cors requests that
// are not GET or HEAD (https://fetch.spec.whatwg.org/#append-a-request-origin-header).
function withOrigin(headers: HeaderList, tainting: ResponseTainting, origin: string, method: string): HeaderList {
  const sendOrigin = tainting === 'cors' || (method !== 'GET' && method !== 'HEAD')
  return sendOrigin ? [...headers, ['origin', origin]] : [...headers]
}
