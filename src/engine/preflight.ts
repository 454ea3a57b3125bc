import { corsCheck } from './cors-check.ts'
import { get, has, isRedirectStatus, isToken, splitList, statusIsOk } from './http.ts'
import { isCorsSafelistedMethod } from './request.ts'
import { DEFAULT_MAX_AGE, profiles, type BrowserProfile } from './profiles.ts'
import type { BrowserName, HeaderList, ReasonId } from './types.ts'

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
  headerNames: string[]
  /** Seconds this answer may be cached, after the browser's cap. */
  maxAge: number
}

/** The OPTIONS request's CORS headers (CORS-preflight fetch, steps 1-5), in the order sent. */
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

type ParsedList = { items: string[] } | { invalid: string }

/**
 * https://fetch.spec.whatwg.org/#cors-preflight-fetch step 7.1-7.2: "extract header list values"
 * with the ABNF `#method` / `#field-name`. An item that is not a token is a failure.
 */
export function parseAllowList(value: string | null, browser: BrowserName = 'chromium'): ParsedList {
  if (value === null || value === '') return { items: [] }
  const items: string[] = []
  for (const item of splitList(value)) {
    if (item === '' && !profiles[browser].emptyListItemFails) continue
    if (!isToken(item)) return { invalid: item }
    items.push(item)
  }
  return { items }
}

/** Parses `Access-Control-Max-Age` (delta-seconds) and applies the browser's cap; default 5 s. */
export function preflightMaxAge(headers: HeaderList, browser: BrowserName = 'chromium'): number {
  const value = get(headers, 'access-control-max-age')
  const seconds = value !== null && /^\d+$/.test(value) ? Number(value) : DEFAULT_MAX_AGE
  return Math.min(seconds, profiles[browser].maxAgeCap)
}

/** Is `method` allowed by an `Access-Control-Allow-Methods` list (step 7.5)? Methods compare case-sensitively. */
export function methodAllowed(method: string, methods: string[], credentials: boolean): boolean {
  return methods.includes(method) || isCorsSafelistedMethod(method) || (!credentials && methods.includes('*'))
}

/** The first request-header name an `Access-Control-Allow-Headers` list does not allow (steps 7.6-7.7). */
export function disallowedHeader(
  headerNames: string[],
  allowed: string[],
  credentials: boolean,
  browser: BrowserName = 'chromium',
): string | null {
  const listed = new Set(allowed.map((name) => name.toLowerCase()))
  const wildcard = !credentials && listed.has('*')
  const coversAuthorization = profiles[browser].wildcardCoversAuthorization
  // Step 7.6: `Authorization` (a CORS non-wildcard request-header name) must be listed by name.
  if (headerNames.includes('authorization') && !listed.has('authorization') && !(wildcard && coversAuthorization)) {
    return 'authorization'
  }
  for (const name of headerNames) if (!listed.has(name) && !wildcard) return name
  return null
}

/**
 * https://fetch.spec.whatwg.org/#cors-preflight-fetch steps 7-8, in the order the browser runs them.
 * Returns the failure the browser reports, or what the preflight allows.
 */
export function preflightCheck(
  input: PreflightInput,
  browser: BrowserName = 'chromium',
  onCheck: (name: string, step: string, passed: boolean) => void = () => {},
): PreflightFailure | PreflightSuccess {
  const { status, headers, origin, credentials, method, headerNames } = input
  let methods: string[] = []
  let allowedHeaders: string[] = []
  for (const step of profiles[browser].preflightOrder) {
    const failure = runStep(step)
    const [name, spec] = stepNames[step]
    onCheck(name, spec, failure === null)
    if (failure) return failure
  }
  return { methods, headerNames: allowedHeaders, maxAge: preflightMaxAge(headers, browser) }

  function runStep(step: PreflightStep): PreflightFailure | null {
    switch (step) {
      case 'redirect':
        // A preflight never follows a redirect (HTTP-network-or-cache fetch only).
        if (isRedirectStatus(status) && has(headers, 'location')) return { reason: 'preflight-redirect' }
        break
      case 'status':
        // Step 7: the status must be an ok status (200-299).
        if (!statusIsOk(status)) {
          return { reason: isRedirectStatus(status) && has(headers, 'location') ? 'preflight-redirect' : 'preflight-invalid-status' }
        }
        break
      case 'access': {
        // Step 7: a CORS check on the preflight response.
        const failure = corsCheck({ headers, origin, credentials }, browser)
        if (failure) return { ...failure, accessCheck: true }
        break
      }
      case 'methods': {
        const parsed = parseAllowList(get(headers, 'access-control-allow-methods'), browser)
        // Step 7.3: failure to parse is a network error.
        if ('invalid' in parsed) return { reason: 'invalid-allow-methods', value: parsed.invalid }
        methods = parsed.items
        break
      }
      case 'headers': {
        const parsed = parseAllowList(get(headers, 'access-control-allow-headers'), browser)
        if ('invalid' in parsed) return { reason: 'invalid-allow-headers', value: parsed.invalid }
        allowedHeaders = parsed.items
        break
      }
      case 'method':
        // Step 7.5.
        if (!methodAllowed(method, methods, credentials)) return { reason: 'method-not-allowed', method }
        break
      case 'header': {
        const header = disallowedHeader(headerNames, allowedHeaders, credentials, browser)
        if (header !== null) return { reason: 'header-not-allowed', header }
        break
      }
    }
    return null
  }
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

export function isPreflightFailure(result: PreflightFailure | PreflightSuccess): result is PreflightFailure {
  return 'reason' in result
}
