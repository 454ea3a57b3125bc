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
  if (tainting === 'opaque') return []
  const headers = lowerNames(input)
  const names: string[] = []
  for (const [name] of headers) if (!names.includes(name) && !forbiddenResponseHeaders.has(name)) names.push(name)
  if (tainting === 'basic') return names
  const exposeValue = get(headers, 'access-control-expose-headers')
  const exposed = exposeValue === null ? [] : splitList(exposeValue).map((n) => n.toLowerCase()).filter(Boolean)
  if (!credentials && exposed.includes('*')) return names
  return names.filter((name) => safelistedResponseHeaders.has(name) || exposed.includes(name))
}
