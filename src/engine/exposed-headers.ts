import { forbiddenResponseHeaders, isToken, safelistedResponseHeaders } from './fetch-terms.ts'
import { get, lowerNames, splitList } from './http.ts'
import type { BrowserName, HeaderList, Initiator } from './types.ts'

export type ResponseTainting = 'basic' | 'cors' | 'opaque'

/**
 * The lower-cased names of the response's headers that the page can read through `response.headers`.
 * basic: everything but Set-Cookie (https://fetch.spec.whatwg.org/#concept-filtered-response-basic);
 * cors: the CORS-safelisted response-header names plus `Access-Control-Expose-Headers`, where `*`
 * counts only without credentials (HTTP fetch step 4.4 and the CORS filtered response), read as
 * `browser` reads a list that does not parse; opaque: nothing.
 *
 * @example
 * exposedHeaderNames([['content-type', 'application/json'], ['x-total-count', '3'], ['access-control-expose-headers', 'x-total-count']], 'cors', false)
 * // ['content-type', 'x-total-count']
 */
export function exposedHeaderNames(
  input: HeaderList,
  tainting: ResponseTainting,
  credentials: boolean,
  browser: BrowserName = 'chromium',
  initiator: Initiator = 'fetch',
): string[] {
  return exposedNames(lowerNames(input), tainting, credentials, browser, initiator)
}

/**
 * What `Access-Control-Expose-Headers` exposes: a list of lower-cased names, or null for every header.
 * The value is a list of header names ("extract header list values"): an item that is not a token
 * makes it fail, and a failed list exposes nothing. Chromium, WebKit and Firefox's XMLHttpRequest
 * parse the whole list first; Firefox's fetch() reads it in order and stops at the first `*` (every
 * header, without credentials) or the first bad item (nothing). Empty items are skipped (measured,
 * docs/ground-truth.md).
 */
function exposeList(value: string | null, credentials: boolean, inOrder: boolean): string[] | null {
  if (value === null) return []
  const names: string[] = []
  for (const item of splitList(value)) {
    if (item === '') continue
    if (item === '*' && !credentials && inOrder) return null
    if (!isToken(item)) return []
    names.push(item.toLowerCase())
  }
  return !credentials && names.includes('*') ? null : names
}

/** exposedHeaderNames for header lines whose names are already lower-case. */
export function exposedNames(
  headers: HeaderList,
  tainting: ResponseTainting,
  credentials: boolean,
  browser: BrowserName = 'chromium',
  initiator: Initiator = 'fetch',
): string[] {
  if (tainting === 'opaque') return []
  // cors: only the safelisted names and those listed in Access-Control-Expose-Headers.
  const inOrder = browser === 'firefox' && initiator === 'fetch'
  const exposed = tainting === 'cors' ? exposeList(get(headers, 'access-control-expose-headers'), credentials, inOrder) : null
  const names: string[] = []
  for (let i = 0; i < headers.length; i++) {
    const name = (headers[i] as [string, string])[0]
    if (names.includes(name) || forbiddenResponseHeaders.has(name)) continue
    if (exposed !== null && !safelistedResponseHeaders.has(name) && !exposed.includes(name)) continue
    names.push(name)
  }
  return names
}
