// Term lists of the Fetch Standard (https://fetch.spec.whatwg.org/), byte-lowercased: listed here
// once, and imported wherever corslab reads or checks one of them.
import type { CredentialsMode, RedirectMode, RequestMode } from './types.ts'

// https://fetch.spec.whatwg.org/#concept-request-credentials-mode
export const credentialsModes: readonly CredentialsMode[] = ['omit', 'same-origin', 'include']

// https://fetch.spec.whatwg.org/#concept-request-mode (the modes a page can ask for)
export const requestModes: readonly RequestMode[] = ['cors', 'no-cors', 'same-origin']

// https://fetch.spec.whatwg.org/#concept-request-redirect-mode
export const redirectModes: readonly RedirectMode[] = ['follow', 'error', 'manual']

// https://httpwg.org/specs/rfc9110.html#tokens: tchar, the grammar of methods and header names
const tchar = new Uint8Array(128)
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") tchar[c.charCodeAt(0)] = 1

/** Whether `value` is an RFC 9110 token (a method, a header name). */
export function isToken(value: string): boolean {
  if (value.length === 0) return false
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c > 127 || tchar[c] === 0) return false
  }
  return true
}

// https://fetch.spec.whatwg.org/#concept-method-normalize
export const normalizedMethods = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'])

// https://fetch.spec.whatwg.org/#cors-safelisted-method
export const corsSafelistedMethods = new Set(['GET', 'HEAD', 'POST'])

// https://fetch.spec.whatwg.org/#forbidden-method
export const forbiddenMethods = new Set(['CONNECT', 'TRACE', 'TRACK'])

// https://fetch.spec.whatwg.org/#forbidden-request-header
export const forbiddenRequestHeaders = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
])

// https://fetch.spec.whatwg.org/#forbidden-request-header, the method-override names
export const methodOverrideHeaders = new Set(['x-http-method', 'x-http-method-override', 'x-method-override'])

// https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header-name
export const noCorsSafelistedHeaderNames = new Set(['accept', 'accept-language', 'content-language', 'content-type'])

// https://fetch.spec.whatwg.org/#cors-safelisted-request-header, the content-type essences
export const safelistedContentTypes = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'])

// https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name
export const safelistedResponseHeaders = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
])

// https://fetch.spec.whatwg.org/#forbidden-response-header-name
export const forbiddenResponseHeaders = new Set(['set-cookie', 'set-cookie2'])

// https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name
export const corsNonWildcardRequestHeaders = new Set(['authorization'])

// https://fetch.spec.whatwg.org/#request-body-header-name
export const requestBodyHeaders = new Set(['content-encoding', 'content-language', 'content-location', 'content-type'])

/** https://fetch.spec.whatwg.org/#bad-port: the ports a fetch never connects to. */
export const standardBadPorts: readonly number[] = [
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117,
  119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636,
  989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]
