import type { AddressSpace, BrowserName, Initiator, ReasonId, Stage } from './types.ts'

/** Everything a browser's console text can quote about a failure. */
export interface Failure {
  reason: ReasonId
  stage: Stage
  /** The URL whose answer failed. */
  url: string
  /** The URL the page asked for. */
  initialUrl: string
  /** The page's origin. */
  origin: string
  /** The request's serialized origin: the page's, or 'null' once a redirect tainted it. */
  requestOrigin: string
  /** The request's method. */
  method: string
  status?: number
  /** The offending value (an origin, a token, a credentials value). */
  value?: string
  /** The whole header value the offending item came from. */
  raw?: string
  header?: string
  /** For a redirect: where it pointed. */
  location?: string
  /** The failure came from the CORS check on a preflight response. */
  accessCheck?: boolean
  /** Local Network Access: the server's address space, and fetch()'s `targetAddressSpace` as read. */
  addressSpace?: AddressSpace
  targetAddressSpace?: string
  /** A request-stage or network-stage variant the reason id does not tell apart. */
  detail?: 'no-cors-redirect' | 'redirect-mode-error' | 'too-many-redirects' | 'connection' | 'invalid-response' | 'no-cors' | 'preflight'
  /** What sent the request (default fetch): Chromium and WebKit name it. */
  initiator?: Initiator
}

/**
 * The console text `browser` prints for a CORS failure (what a blocked verdict's `message` holds).
 *
 * @example
 * consoleMessage({ reason: 'missing-allow-origin', stage: 'response', url: 'http://localhost:4010/api/items',
 *   initialUrl: 'http://localhost:4010/api/items', origin: 'http://localhost:5173', requestOrigin: 'http://localhost:5173', method: 'GET' }, 'chromium')
 * // "Access to fetch at 'http://localhost:4010/api/items' from origin 'http://localhost:5173' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
 */
export function consoleMessage(failure: Failure, browser: BrowserName): string {
  switch (browser) {
    case 'chromium':
      return chromiumMessage(failure)
    case 'firefox':
      return firefoxMessage(failure)
    case 'webkit':
      return webkitMessage(failure)
  }
}

/**
 * A header value as Chromium's console quotes it: every character outside printable ASCII
 * (0x20-0x7E) as `\uXXXX`, four upper-case hex digits (a tab is `\u0009`, the byte 0xE9 `\u00E9`).
 */
export function chromiumQuoted(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)
}

/** A header value (bytes, one per character) as Firefox prints it: read as UTF-8, a bad byte as U+FFFD. */
export function firefoxQuoted(value: string): string {
  if (!/[\x80-\xff]/.test(value)) return value
  const bytes = Uint8Array.from(value, (c) => c.charCodeAt(0) & 0xff)
  return new TextDecoder().decode(bytes)
}

// Chromium: cors_error_string.cc GetErrorStringForConsoleMessage, and fetch_manager.cc for the
// checks Blink makes before any request. fetch() gets a hint after a bad Access-Control-Allow-Origin;
// XHR gets one after the credentials errors instead (measured, docs/ground-truth.md).
const chromiumHint = ' Have the server send the header with a valid value.'
const chromiumXhrHint = ' The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.'
function chromiumReason(f: Failure): string | null {
  const xhr = f.initiator === 'xhr'
  const hint = xhr ? '' : chromiumHint
  const credentialsHint = xhr ? chromiumXhrHint : ''
  const value = chromiumQuoted(f.value ?? '')
  switch (f.reason) {
    case 'missing-allow-origin':
      return "No 'Access-Control-Allow-Origin' header is present on the requested resource."
    case 'allow-origin-mismatch':
      return `The 'Access-Control-Allow-Origin' header has a value '${value}' that is not equal to the supplied origin.${hint}`
    case 'invalid-allow-origin':
      return `The 'Access-Control-Allow-Origin' header contains the invalid value '${value}'.${hint}`
    case 'multiple-allow-origin':
      return `The 'Access-Control-Allow-Origin' header contains multiple values '${value}', but only one is allowed.${hint}`
    case 'wildcard-origin-with-credentials':
      return `The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.${credentialsHint}`
    case 'invalid-allow-credentials':
      return `The value of the 'Access-Control-Allow-Credentials' header in the response is '${value}' which must be 'true' when the request's credentials mode is 'include'.${credentialsHint}`
    case 'preflight-invalid-status':
      return 'It does not have HTTP ok status.'
    case 'preflight-redirect':
      return 'Redirect is not allowed for a preflight request.'
    case 'invalid-allow-methods':
      return 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.'
    case 'invalid-allow-headers':
      return 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.'
    case 'method-not-allowed':
      return `Method ${f.method} is not allowed by Access-Control-Allow-Methods in preflight response.`
    case 'header-not-allowed':
      return `Request header field ${f.header} is not allowed by Access-Control-Allow-Headers in preflight response.`
    // cors_error_string.cc, kLocalNetworkAccessPermissionDenied, kInvalidLocalNetworkAccess and
    // kInsecureLocalNetwork: the space words are Chromium 156's (local, loopback).
    case 'local-network-access-denied':
      return `Permission was denied for this request to access the \`${f.addressSpace}\` address space.`
    case 'local-network-target-mismatch':
      return `Request had a target IP address space of \`${f.targetAddressSpace}\` yet the resource is in address space \`${f.addressSpace}\`.`
    case 'local-network-insecure-context':
      return `The request client is not a secure context and the resource is in more-private address space \`${f.addressSpace}\`.`
    case 'redirect-contains-credentials':
      // Chromium strips the credentials from the URL it reports, and with them the whole location.
      return "Redirect location '' contains a username and password, which is disallowed for cross-origin requests."
    default:
      return null
  }
}

// The net error Chromium's loader prints for a failure that has no CORS text.
function chromiumNetError(f: Failure): string {
  if (f.reason === 'redirect-disallowed-scheme') return 'ERR_UNSAFE_REDIRECT'
  if (f.reason === 'bad-port') return 'ERR_UNSAFE_PORT'
  switch (f.detail) {
    case 'invalid-response':
      return 'ERR_INVALID_HTTP_RESPONSE'
    case 'connection':
      return 'ERR_EMPTY_RESPONSE'
    case 'too-many-redirects':
      return 'ERR_TOO_MANY_REDIRECTS'
    default:
      return 'ERR_FAILED'
  }
}

// The schemes Chromium lists in kCorsDisabledScheme (SchemeRegistry, Chromium 156).
const chromiumCorsSchemes = 'chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app'

function chromiumMessage(f: Failure): string {
  const kind = f.initiator === 'xhr' ? 'XMLHttpRequest' : 'fetch'
  if (f.reason === 'disallowed-by-mode') {
    if (f.detail === 'no-cors-redirect') return `Fetch API cannot load ${f.url}. Request mode is "no-cors" but the redirect mode is not "follow".`
    // Past a redirect the network service refuses it, and names the document (here: the origin's root).
    if (f.stage === 'redirect') return `Unsafe attempt to load URL ${f.url} from frame with URL ${f.origin}/. Domains, protocols and ports must match.\n`
    return `Fetch API cannot load ${f.url}. Request mode is "same-origin" but the URL's origin is not same as the request origin ${f.origin}.`
  }
  if (f.reason === 'cors-disabled-scheme') {
    return `Fetch API cannot load ${f.url}. URL scheme must be "http" or "https" for CORS request.`
  }
  if (f.reason === 'redirect-disallowed-scheme' && !f.location?.startsWith('data:')) {
    return `Access to ${kind} at '${f.location}' (redirected from '${f.initialUrl}') from origin '${f.origin}' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: ${chromiumCorsSchemes}.`
  }
  const reason = chromiumReason(f)
  if (reason === null) {
    // No CORS text: the console shows the resource's net error.
    return `Failed to load resource: net::${chromiumNetError(f)}`
  }
  const redirected = f.url !== f.initialUrl ? `(redirected from '${f.initialUrl}') ` : ''
  const prefix =
    f.stage === 'preflight' && (f.accessCheck || f.reason === 'preflight-invalid-status' || f.reason === 'preflight-redirect')
      ? "Response to preflight request doesn't pass access control check: "
      : ''
  return `Access to ${kind} at '${f.url}' ${redirected}from origin '${f.origin}' has been blocked by CORS policy: ${prefix}${reason}`
}

// Firefox: security.properties, the "CORS" block, as nsCORSListenerProxy LogBlockedRequest fills it.
function firefoxMessage(f: Failure): string {
  // Not CORS: the content security manager refuses the load.
  if (f.reason === 'disallowed-by-mode' && f.detail !== 'no-cors-redirect') return `Security Error: Content at ${f.origin}/ may not load data from ${f.url}.`
  // no-cors with a redirect mode other than follow: refused in silence.
  if (f.detail === 'no-cors-redirect') return ''
  // A redirect refused by redirect: "error" leaves nothing in the console.
  if (f.detail === 'redirect-mode-error') return ''
  // A bad port: silent on the first URL and in no-cors mode; a CORS request redirected there fails
  // as one that got no answer, named by the URL the page asked for.
  if (f.reason === 'bad-port') {
    return f.stage === 'request' || f.detail === 'no-cors'
      ? ''
      : `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${f.initialUrl}. (Reason: CORS request did not succeed). Status code: (null).`
  }
  const at = (url: string, reason: string, status?: string) =>
    `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${url}. (Reason: ${reason}).${status === undefined ? '' : ` Status code: ${status}.`}`
  const status = f.status === undefined ? '(null)' : String(f.status)
  switch (f.reason) {
    case 'missing-allow-origin':
      return at(f.url, 'CORS header ‘Access-Control-Allow-Origin’ missing', status)
    case 'allow-origin-mismatch':
    case 'invalid-allow-origin':
      return at(f.url, `CORS header ‘Access-Control-Allow-Origin’ does not match ‘${firefoxQuoted(f.value ?? '')}’`)
    case 'multiple-allow-origin':
      return at(f.url, 'Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed')
    case 'wildcard-origin-with-credentials':
      return at(`‘${f.url}’`, 'Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’')
    case 'invalid-allow-credentials':
      return at(f.url, 'expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’')
    case 'preflight-invalid-status':
      return at(f.url, 'CORS preflight response did not succeed', status)
    case 'preflight-redirect':
      return at(f.url, 'CORS request external redirect not allowed')
    case 'invalid-allow-methods':
      return at(f.url, `invalid token ‘${firefoxQuoted(f.value ?? '')}’ in CORS header ‘Access-Control-Allow-Methods’`)
    case 'invalid-allow-headers':
      return at(f.url, `invalid token ‘${firefoxQuoted(f.value ?? '')}’ in CORS header ‘Access-Control-Allow-Headers’`)
    case 'method-not-allowed':
      return at(f.url, 'Did not find method in CORS header ‘Access-Control-Allow-Methods’')
    case 'header-not-allowed':
      return at(f.url, `header ‘${f.header}’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response`)
    case 'cors-disabled-scheme':
      return at(f.url, 'CORS request not http')
    default:
      return at(f.url, 'CORS request did not succeed', '(null)')
  }
}

// WebKit: the reason line (CrossOriginAccessControl.cpp and the preflight checkers), then the
// loader's "cannot load" line.
function webkitMessage(f: Failure): string {
  const cannotLoad = `${f.initiator === 'xhr' ? 'XMLHttpRequest' : 'Fetch API'} cannot load ${f.url} due to access control checks.`
  // A response that does not parse: the loader's line alone.
  if (f.detail === 'invalid-response') return 'Failed to load resource: Could not parse HTTP response'
  if (f.detail === 'no-cors-redirect') return `No-Cors mode requires follow redirect mode\nNot allowed to request resource\n${cannotLoad}`
  if (f.reason === 'bad-port') {
    // Past a redirect, a URL that needs a preflight fails as the preflight.
    if (f.stage === 'redirect' && f.detail === 'preflight') return `CORS-preflight request was blocked\n${cannotLoad}\nFailed to load resource: CORS-preflight request was blocked`
    return `Not allowed to use restricted network port ${URL.parse(f.url)?.port ?? ''}: ${f.url}`
  }
  if (f.reason === 'disallowed-by-mode') {
    // Refused before any request: one line. Past a redirect, the network process says it.
    if (f.stage !== 'redirect') return `Fetch API cannot load ${f.url}.`
    return `Unsafe attempt to load URL ${f.url} from origin ${f.origin}. Domains, protocols and ports must match.\n\n${cannotLoad}`
  }
  let reason: string
  switch (f.reason) {
    case 'missing-allow-origin':
    case 'allow-origin-mismatch':
    case 'invalid-allow-origin':
      // WebKit names the request's origin, which is "null" after a cross-origin redirect.
      reason = `Origin ${f.requestOrigin} is not allowed by Access-Control-Allow-Origin. Status code: ${f.status}`
      break
    case 'multiple-allow-origin':
      reason = 'Access-Control-Allow-Origin cannot contain more than one origin.'
      break
    case 'wildcard-origin-with-credentials':
      reason = 'Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.'
      break
    case 'invalid-allow-credentials':
      reason = 'Credentials flag is true, but Access-Control-Allow-Credentials is not "true".'
      break
    case 'preflight-invalid-status':
    case 'preflight-redirect':
      reason = `Preflight response is not successful. Status code: ${f.status}`
      break
    case 'preflight-network-error':
      reason = 'Connection terminated unexpectedly'
      break
    case 'invalid-allow-methods':
      reason = `Header Access-Control-Allow-Methods has an invalid value: ${f.raw}`
      break
    case 'invalid-allow-headers':
      reason = `Header Access-Control-Allow-Headers has an invalid value: ${f.raw}`
      break
    case 'method-not-allowed':
      reason = `Method ${f.method} is not allowed by Access-Control-Allow-Methods.`
      break
    case 'header-not-allowed':
      reason = `Request header field ${f.header} is not allowed by Access-Control-Allow-Headers.`
      break
    case 'cors-disabled-scheme':
      reason = 'Cross origin requests are only supported for HTTP.'
      break
    case 'redirect-contains-credentials':
      reason = `Cross-origin redirection to ${withoutCredentials(f.location ?? '')} denied by Cross-Origin Resource Sharing policy: redirection URL ${f.location} has credentials`
      break
    case 'redirect-disallowed-scheme':
      reason = f.location?.startsWith('ftp:')
        ? 'FTP URLs are disabled'
        : `Cross-origin redirection to ${f.location} denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme`
      break
    default:
      reason = f.detail === 'too-many-redirects' ? 'Load cannot follow more than 20 redirections' : `Not allowed to follow a redirection while loading ${f.url}`
  }
  if (f.stage === 'redirect' && f.location !== undefined && ['missing-allow-origin', 'allow-origin-mismatch', 'invalid-allow-origin', 'multiple-allow-origin', 'wildcard-origin-with-credentials', 'invalid-allow-credentials'].includes(f.reason)) {
    reason = `Cross-origin redirection to ${f.location} denied by Cross-Origin Resource Sharing policy: ${reason}`
    // A request that started at the page's origin: the loader's "Failed to load resource" line comes first.
    if (f.url !== f.initialUrl && URL.parse(f.initialUrl)?.origin === f.origin) return `${reason}\nFailed to load resource: ${reason}\n${cannotLoad}`
  }
  return `${reason}\n${cannotLoad}`
}

function withoutCredentials(url: string): string {
  const parsed = URL.parse(url)
  if (parsed === null) return url
  parsed.username = ''
  parsed.password = ''
  return parsed.href
}
