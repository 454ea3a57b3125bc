import { forbiddenResponseHeaders, safelistedResponseHeaders } from './fetch-terms.ts'
import { get, lowerNames, splitList } from './http.ts'
import type { HeaderList } from './types.ts'

export type ResponseTainting = 'basic' | 'cors' | 'opaque'

/**
 * The lower-cased names of the response's headers that the page can read through `response.headers`.
 * basic: everything but Set-Cookie (https://fetch.spec.whatwg.org/#concept-filtered-response-basic);
 * cors: the CORS-safelisted response-header names plus `Access-Control-Expose-Headers`, where `*`
 * counts only without credentials (HTTP fetch step 4.4 and the CORS filtered response);
 * opaque: nothing.
 *
 * @example
 * exposedHeaderNames([['content-type', 'application/json'], ['x-total-count', '3'], ['access-control-expose-headers', 'x-total-count']], 'cors', false)
 * // ['content-type', 'x-total-count']
 */
export function exposedHeaderNames(input: HeaderList, tainting: ResponseTainting, credentials: boolean): string[] {
  return exposedNames(lowerNames(input), tainting, credentials)
}

/** exposedHeaderNames for header lines whose names are already lower-case. */
export function exposedNames(headers: HeaderList, tainting: ResponseTainting, credentials: boolean): string[] {
  if (tainting === 'opaque') return []
  // cors: only the safelisted names and those listed in Access-Control-Expose-Headers.
  let exposed: string[] | null = null
  if (tainting === 'cors') {
    const value = get(headers, 'access-control-expose-headers')
    exposed = value === null ? [] : splitList(value).map((n) => n.toLowerCase()).filter(Boolean)
    if (!credentials && exposed.includes('*')) exposed = null
  }
  const names: string[] = []
  for (let i = 0; i < headers.length; i++) {
    const name = (headers[i] as [string, string])[0]
    if (names.includes(name) || forbiddenResponseHeaders.has(name)) continue
    if (exposed !== null && !safelistedResponseHeaders.has(name) && !exposed.includes(name)) continue
    names.push(name)
  }
  return names
}
