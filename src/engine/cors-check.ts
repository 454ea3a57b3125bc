import { get, lowerNames } from './http.ts'
import type { BrowserName, HeaderList, ReasonId } from './types.ts'

export interface CorsCheckInput {
  /** The response's header lines. */
  headers: HeaderList
  /** The byte-serialized request origin: the page's origin, or 'null' once tainted by a redirect. */
  origin: string
  /** True when the request's credentials mode is 'include'. */
  credentials: boolean
}

export interface CorsCheckFailure {
  reason: ReasonId
  /** The offending header value, as the browser quotes it. */
  value?: string
}

/**
 * https://fetch.spec.whatwg.org/#concept-cors-check, as each browser runs it. Returns null on success.
 * The spec's eight steps decide pass or fail; the browsers differ in which failure they report first.
 *
 * @example
 * corsCheck({ headers: [['access-control-allow-origin', '*']], origin: 'http://localhost:5173', credentials: true })
 * // { reason: 'wildcard-origin-with-credentials' }
 */
export function corsCheck(input: CorsCheckInput, browser: BrowserName = 'chromium'): CorsCheckFailure | null {
  return checkCors(lowerNames(input.headers), input.origin, input.credentials, browser)
}

/** corsCheck for header lines whose names are already lower-case. */
export function checkCors(headers: HeaderList, origin: string, credentials: boolean, browser: BrowserName): CorsCheckFailure | null {
  switch (browser) {
    case 'chromium':
      return chromiumCheck(headers, origin, credentials)
    case 'firefox':
      return firefoxCheck(headers, origin, credentials)
    case 'webkit':
      return webkitCheck(headers, origin, credentials)
  }
}

// Chromium, services/network cors.cc CheckAccess.
function chromiumCheck(headers: HeaderList, origin: string, credentials: boolean): CorsCheckFailure | null {
  // Step 1: "get" joins repeated lines with ", ", so two lines read as one list value.
  const allowOrigin = get(headers, 'access-control-allow-origin')
  if (allowOrigin === '*') {
    // Step 3: the wildcard passes only without credentials.
    if (!credentials) return null
    return { reason: 'wildcard-origin-with-credentials' }
  }
  // Step 2.
  if (allowOrigin === null) return { reason: 'missing-allow-origin' }
  // Step 4.
  if (allowOrigin !== origin) {
    if (/[ ,]/.test(allowOrigin)) return { reason: 'multiple-allow-origin', value: allowOrigin }
    if (allowOrigin === 'null') return { reason: 'allow-origin-mismatch', value: allowOrigin }
    if (!gurlParses(allowOrigin)) return { reason: 'invalid-allow-origin', value: allowOrigin }
    return { reason: 'allow-origin-mismatch', value: allowOrigin }
  }
  return credentialsCheck(headers, credentials)
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

// Chromium's GURL reads the header's bytes (one per character here) as UTF-8: bytes that are not
// UTF-8 make the value an invalid URL (measured: 0xE9 alone is invalid, 0xC3 0xA9 a mismatch).
function gurlParses(value: string): boolean {
  if (!/[\x80-\xff]/.test(value)) return URL.canParse(value)
  try {
    return URL.canParse(utf8.decode(Uint8Array.from(value, (c) => c.charCodeAt(0) & 0xff)))
  } catch {
    return false
  }
}

// Firefox, nsCORSListenerProxy CheckRequestApproved. Its check for more than one header line never
// fires on fetch(): the HTTP layer has already joined the lines (Firefox 153, test/ground-truth),
// so two lines, like one line `a, b`, are compared whole and reported as a mismatch.
function firefoxCheck(headers: HeaderList, origin: string, credentials: boolean): CorsCheckFailure | null {
  const allowOrigin = get(headers, 'access-control-allow-origin')
  if (allowOrigin === null) return { reason: 'missing-allow-origin' }
  if (credentials && allowOrigin === '*') return { reason: 'wildcard-origin-with-credentials' }
  // A single line `a, b` is compared whole and reported as a mismatch, not as multiple values.
  if ((credentials || allowOrigin !== '*') && allowOrigin !== origin) {
    return { reason: 'allow-origin-mismatch', value: allowOrigin }
  }
  return credentialsCheck(headers, credentials)
}

// WebKit, CrossOriginAccessControl.cpp passesAccessControlCheck.
function webkitCheck(headers: HeaderList, origin: string, credentials: boolean): CorsCheckFailure | null {
  const allowOrigin = get(headers, 'access-control-allow-origin')
  if (allowOrigin === '*' && !credentials) return null
  if (allowOrigin !== origin) {
    if (allowOrigin === '*') return { reason: 'wildcard-origin-with-credentials' }
    if (allowOrigin === null) return { reason: 'missing-allow-origin' }
    if (allowOrigin.includes(',')) return { reason: 'multiple-allow-origin', value: allowOrigin }
    // WebKit has no separate "invalid value" check: anything else is a mismatch.
    return { reason: 'allow-origin-mismatch', value: allowOrigin }
  }
  return credentialsCheck(headers, credentials)
}

// CORS check steps 5-8: with credentials, `Access-Control-Allow-Credentials` must be exactly `true`.
function credentialsCheck(headers: HeaderList, credentials: boolean): CorsCheckFailure | null {
  if (!credentials) return null
  const allowCredentials = get(headers, 'access-control-allow-credentials')
  if (allowCredentials === 'true') return null
  return { reason: 'invalid-allow-credentials', value: allowCredentials ?? '' }
}
