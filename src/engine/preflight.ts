import { checkCors } from './cors-check.ts'
import { isToken } from './fetch-terms.ts'
import { get, has, isRedirectStatus, lowerNames, normalizeValue, statusIsOk } from './http.ts'
import { isCorsSafelistedMethod } from './request.ts'
import { DEFAULT_MAX_AGE, profiles, type BrowserProfile } from './profiles.ts'
import type { BrowserName, HeaderList, ReasonId, RedirectMode } from './types.ts'

export interface PreflightInput {
  /** The preflight answer's status and header lines. */
  status: number
  headers: HeaderList
  /** Byte-serialized request origin. */
  origin: string
  credentials: boolean
  /** The request's (normalized) method, as sent in `Access-Control-Request-Method`. */
  method: string
  /** The CORS-unsafe request-header names, as sent in `Access-Control-Request-Headers`. */
  headerNames: string[]
  /** The order the browser checks them in (default: `headerNames`'), asked for only when it decides. */
  order?: () => readonly string[]
  /** The request's redirect mode (default `follow`). */
  redirectMode?: RedirectMode
}

export interface PreflightFailure {
  reason: ReasonId
  /** True when the failure came from the CORS check run on the preflight response. */
  accessCheck?: boolean
  value?: string
  method?: string
  header?: string
}

export interface PreflightSuccess {
  methods: string[]
  /** Lower-cased. */
  headerNames: string[]
  /** Seconds this answer may be cached, after the browser's cap. */
  maxAge: number
}

export type CheckListener = (name: string, step: string, passed: boolean) => void

/**
 * The OPTIONS request's CORS headers (CORS-preflight fetch, steps 1-5), in the order sent.
 *
 * @example
 * preflightHeaders('PUT', ['content-type'], 'http://localhost:5173')
 * // [['accept', '*\/*'], ['access-control-request-method', 'PUT'], ['access-control-request-headers', 'content-type'], ['origin', 'http://localhost:5173']]
 */
export function preflightHeaders(method: string, headerNames: string[], origin: string): HeaderList {
  const headers: HeaderList = [
    ['accept', '*/*'],
    ['access-control-request-method', method],
  ]
  // Step 5: the names, sorted and lower-cased, joined with "," (no space).
  if (headerNames.length > 0) headers.push(['access-control-request-headers', headerNames.join(',')])
  headers.push(['origin', origin])
  return headers
}

export type ParsedList = { items: string[] } | { invalid: string }

/**
 * https://fetch.spec.whatwg.org/#cors-preflight-fetch steps 7.1-7.2: "extract header list values"
 * with the ABNF `#method` / `#field-name`. An item that is not a token is a failure.
 */
export function parseAllowList(value: string | null, browser: BrowserName = 'chromium'): ParsedList {
  const items: string[] = []
  if (value === null || value === '') return { items }
  const emptyFails = profiles[browser].emptyListItemFails
  for (let start = 0; start <= value.length; ) {
    let end = value.indexOf(',', start)
    if (end === -1) end = value.length
    const item = normalizeValue(value.slice(start, end))
    if (item === '') {
      if (emptyFails) return { invalid: item }
    } else if (!isToken(item)) {
      return { invalid: item }
    } else {
      items.push(item)
    }
    start = end + 1
  }
  return { items }
}

/** Parses `Access-Control-Max-Age` (delta-seconds) and applies the browser's cap; default 5 s. */
export function preflightMaxAge(headers: HeaderList, browser: BrowserName = 'chromium'): number {
  return maxAgeOf(lowerNames(headers), profiles[browser])
}

// The spec parses delta-seconds and falls back to 5 s on anything else; a browser that reads a
// negative number as "do not cache" says so in its profile.
function maxAgeOf(headers: HeaderList, profile: BrowserProfile): number {
  const value = get(headers, 'access-control-max-age')
  if (value === null) return DEFAULT_MAX_AGE
  if (/^\d+$/.test(value)) return Math.min(Number(value), profile.maxAgeCap)
  if (profile.negativeMaxAgeDisablesCache && /^-\d+$/.test(value)) return 0
  return DEFAULT_MAX_AGE
}

/** Is `method` allowed by an `Access-Control-Allow-Methods` list (step 7.5)? Methods compare case-sensitively. */
export function methodAllowed(method: string, methods: string[], credentials: boolean): boolean {
  return methods.includes(method) || isCorsSafelistedMethod(method) || (!credentials && methods.includes('*'))
}

/**
 * The first request-header name an `Access-Control-Allow-Headers` list (lower-cased) does not
 * allow (steps 7.6-7.7), or null. `order` is the order the browser goes through the request's
 * headers in (request.ts `checkOrder`), which decides the one its console names; by default the
 * order of `headerNames`.
 */
export function disallowedHeader(
  headerNames: string[],
  allowed: string[],
  credentials: boolean,
  browser: BrowserName = 'chromium',
  order?: () => readonly string[],
): string | null {
  const wildcard = !credentials && allowed.includes('*')
  if (wildcard) {
    // Step 7.6: `*` never covers `Authorization` (a CORS non-wildcard request-header name).
    const covered = profiles[browser].wildcardCoversAuthorization || !headerNames.includes('authorization') || allowed.includes('authorization')
    return covered ? null : 'authorization'
  }
  const refused = headerNames.filter((name) => !allowed.includes(name))
  // The order only decides which of several refused names the console names; working it out for
  // Chromium costs more than the rest of a verdict, so only then.
  if (refused.length < 2 || order === undefined) return refused[0] ?? null
  const ordered = order()
  return ordered.find((name) => refused.includes(name)) ?? refused.find((name) => !ordered.includes(name)) ?? null
}

type PreflightStep = BrowserProfile['preflightOrder'][number]

const stepNames: Record<PreflightStep, [string, string]> = {
  redirect: ['preflight-redirect', 'CORS-preflight fetch, step 6 (a preflight never follows a redirect)'],
  status: ['preflight-status', 'CORS-preflight fetch, step 7 (ok status)'],
  access: ['preflight-cors-check', 'CORS-preflight fetch, step 7 (CORS check)'],
  methods: ['preflight-allow-methods', 'CORS-preflight fetch, step 7.3 (parse Access-Control-Allow-Methods)'],
  headers: ['preflight-allow-headers', 'CORS-preflight fetch, step 7.3 (parse Access-Control-Allow-Headers)'],
  method: ['preflight-method', 'CORS-preflight fetch, step 7.5'],
  header: ['preflight-headers', 'CORS-preflight fetch, steps 7.6-7.7'],
}

/**
 * https://fetch.spec.whatwg.org/#cors-preflight-fetch steps 6-8, in the order the browser runs them.
 * Returns the failure the browser reports, or what the preflight allows.
 *
 * @example
 * preflightCheck({ status: 204, headers: [['access-control-allow-origin', 'http://localhost:5173'], ['access-control-allow-methods', 'GET']],
 *   origin: 'http://localhost:5173', credentials: false, method: 'PUT', headerNames: [] })
 * // { reason: 'method-not-allowed', method: 'PUT' }
 */
export function preflightCheck(
  input: PreflightInput,
  browser: BrowserName = 'chromium',
  onCheck?: CheckListener,
): PreflightFailure | PreflightSuccess {
  return checkPreflight({ ...input, headers: lowerNames(input.headers) }, browser, onCheck)
}

/** preflightCheck for header lines whose names are already lower-case. */
export function checkPreflight(input: PreflightInput, browser: BrowserName, onCheck?: CheckListener): PreflightFailure | PreflightSuccess {
  const { status, headers, origin, credentials, method, headerNames } = input
  const profile = profiles[browser]
  // Firefox's preflight follows redirects as the request would: under `manual` or `error` a 3xx is a
  // status like any other that is not ok.
  const followed = input.redirectMode === undefined || input.redirectMode === 'follow' || !profile.preflightRedirectFollowsRequestMode
  const redirect = followed && isRedirectStatus(status) && has(headers, 'location')
  let methods: string[] = []
  let allowedHeaders: string[] = []
  for (const step of profile.preflightOrder) {
    let failure: PreflightFailure | null = null
    switch (step) {
      case 'redirect':
        // A preflight never follows a redirect (HTTP-network-or-cache fetch only).
        if (redirect) failure = { reason: 'preflight-redirect' }
        break
      case 'status':
        // Step 7: the status must be an ok status (200-299).
        if (!statusIsOk(status)) failure = { reason: redirect ? 'preflight-redirect' : 'preflight-invalid-status' }
        break
      case 'access': {
        // Step 7: a CORS check on the preflight response.
        const cors = checkCors(headers, origin, credentials, browser)
        if (cors) failure = { ...cors, accessCheck: true }
        break
      }
      case 'methods': {
        // Step 7.3: failure to parse is a network error.
        const parsed = parseAllowList(get(headers, 'access-control-allow-methods'), browser)
        if ('invalid' in parsed) failure = { reason: 'invalid-allow-methods', value: parsed.invalid }
        else methods = parsed.items
        break
      }
      case 'headers': {
        const parsed = parseAllowList(get(headers, 'access-control-allow-headers'), browser)
        if ('invalid' in parsed) failure = { reason: 'invalid-allow-headers', value: parsed.invalid }
        else allowedHeaders = parsed.items.map((name) => name.toLowerCase())
        break
      }
      case 'method':
        // Step 7.5.
        if (!methodAllowed(method, methods, credentials)) failure = { reason: 'method-not-allowed', method }
        break
      case 'header': {
        const header = disallowedHeader(headerNames, allowedHeaders, credentials, browser, input.order)
        if (header !== null) failure = { reason: 'header-not-allowed', header }
        break
      }
    }
    if (onCheck) {
      const [name, spec] = stepNames[step]
      onCheck(name, spec, failure === null)
    }
    if (failure) return failure
  }
  return { methods, headerNames: allowedHeaders, maxAge: maxAgeOf(headers, profile) }
}

export function isPreflightFailure(result: PreflightFailure | PreflightSuccess): result is PreflightFailure {
  return 'reason' in result
}
