import { record, type FetchState } from './fetch-state.ts'
import type { Verdict } from './types.ts'
import { isHttpScheme } from './url.ts'
import { blocked } from './verdict.ts'

/**
 * https://fetch.spec.whatwg.org/#block-bad-port, on each URL of the chain (the first and every
 * redirect's): an HTTP(S) URL on a port of the browser's list is a network error before anything
 * is sent to it. Browsers run it after the request mode's checks (main fetch, step 12), not before
 * them as the standard's step 7 does: a `same-origin` or no-cors `redirect: 'manual'` request to a
 * bad port gets the mode's refusal, in all three (measured, docs/ground-truth.md). `preflight`:
 * the URL would get a CORS preflight first (WebKit words that failure apart after a redirect).
 */
export function portBlocking(fetch: FetchState, preflight: boolean): Verdict | null {
  const { url } = fetch
  const bad = isHttpScheme(url) && url.port !== '' && fetch.profile.badPorts.has(Number(url.port))
  if (record(fetch, 'bad-port', 'Main fetch, step 7 (block bad port)', !bad)) return null
  const detail = fetch.tainting === 'opaque' ? 'no-cors' : preflight ? 'preflight' : undefined
  const verdict = blocked(fetch, { reason: 'bad-port', stage: fetch.hop === 0 ? 'request' : 'redirect', ...(detail === undefined ? {} : { detail }) })
  // Firefox's XHR fires no event at all when a redirect leads to a bad port: the page waits forever.
  if (fetch.hop > 0 && fetch.request.initiator === 'xhr' && fetch.profile.badPortRedirectHangsXhr) return { ...verdict, pending: true, error: undefined }
  return verdict
}
