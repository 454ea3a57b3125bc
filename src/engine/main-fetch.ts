import { record, type FetchState } from './fetch-state.ts'
import type { Verdict } from './types.ts'
import { blocked } from './verdict.ts'

/**
 * https://fetch.spec.whatwg.org/#main-fetch step 12, on each URL of the chain: picks the response
 * tainting (basic, cors, opaque), or refuses the request before anything is sent.
 */
export function mainFetch(fetch: FetchState): Verdict | null {
  const { request, url } = fetch
  const stage = fetch.hop === 0 ? 'request' : 'redirect'
  const sameOrigin = request.origin !== 'null' && url.origin === request.origin
  if ((sameOrigin && fetch.tainting === 'basic') || url.protocol === 'data:') {
    fetch.tainting = 'basic'
  } else if (request.mode === 'same-origin') {
    record(fetch, 'request-mode', 'Main fetch, step 12 ("same-origin")', false)
    return blocked(fetch, { reason: 'disallowed-by-mode', stage })
  } else if (request.mode === 'no-cors') {
    if (request.redirect !== 'follow') {
      record(fetch, 'request-mode', 'Main fetch, step 12 ("no-cors"), sub-step 1', false)
      return blocked(fetch, { reason: 'disallowed-by-mode', stage, detail: 'no-cors-redirect' })
    }
    fetch.tainting = 'opaque'
  } else if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    record(fetch, 'url-scheme', 'Main fetch, step 12 (not an HTTP(S) scheme)', false)
    return blocked(fetch, { reason: 'cors-disabled-scheme', stage })
  } else {
    fetch.tainting = 'cors'
  }
  record(fetch, 'request-mode', 'Main fetch, step 12', true)
  return null
}
