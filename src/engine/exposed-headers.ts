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
 */
export function exposedHeaderNames(input: HeaderList, tainting: ResponseTainting, credentials: boolean): string[] {
  return exposedNames(lowerNames(input), tainting, credentials)
}

/** exposedHeaderNames for header lines whose names are already lower-case. */
export function exposedNames(headers: HeaderList, tainting: ResponseTainting, credentials: boolean): string[] {
  if (tainting === 'opaque') return []
  const names: string[] = []
  for (const [name] of headers) if (!names.includes(name) && !forbiddenResponseHeaders.has(name)) names.push(name)
  if (tainting === 'basic') return names
  const exposeValue = get(headers, 'access-control-expose-headers')
  const exposed = exposeValue === null ? null : splitList(exposeValue).map((n) => n.toLowerCase()).filter(Boolean)
  if (exposed !== null && !credentials && exposed.includes('*')) return names
  const readable: string[] = []
  for (const name of names) if (safelistedResponseHeaders.has(name) || exposed?.includes(name)) readable.push(name)
  return readable
}
