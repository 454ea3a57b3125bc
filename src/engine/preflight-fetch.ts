import { readAnswer, record, unparsable, type FetchState } from './fetch-state.ts'
import { get } from './http.ts'
import type { DuePreflight } from './http-fetch.ts'
import { checkPreflight, isPreflightFailure, preflightHeaders } from './preflight.ts'
import type { Answer, AnswerRequest, PreflightRequest, Verdict } from './types.ts'
import { blocked } from './verdict.ts'

/** https://fetch.spec.whatwg.org/#cors-preflight-fetch steps 1-5: the OPTIONS request, as sent. */
export function preflightToSend(fetch: FetchState, { key, headerNames }: DuePreflight): AnswerRequest {
  const url = fetch.url.href
  const sent: PreflightRequest = { method: 'OPTIONS', url, headers: preflightHeaders(fetch.method, headerNames, key.origin) }
  fetch.preflights++
  fetch.firstPreflight ??= sent
  return { kind: 'preflight', hop: fetch.hop, url, method: 'OPTIONS', headers: sent.headers }
}

/**
 * CORS-preflight fetch steps 6-7.10, on the answer (null: none came): checks it in the browser's
 * order (preflight.ts) and caches what it allows. Returns the blocked verdict, or null when the
 * request may go.
 */
export function preflightAnswered(fetch: FetchState, { key, headerNames }: DuePreflight, answer: Answer | null): Verdict | null {
  if (answer === undefined || answer === null) {
    record(fetch, 'preflight-response', 'CORS-preflight fetch, step 6 (network error)', false)
    return blocked(fetch, { reason: 'preflight-network-error', stage: 'preflight', detail: 'connection' })
  }
  const { status, headers } = readAnswer(answer, fetch.hop)
  if (unparsable(headers)) {
    record(fetch, 'preflight-response', 'CORS-preflight fetch, step 6 (a response that parses)', false)
    return blocked(fetch, { reason: 'preflight-network-error', stage: 'preflight', detail: 'invalid-response' })
  }
  const result = checkPreflight(
    { status, headers, origin: key.origin, credentials: fetch.credentials, method: fetch.method, headerNames, order: fetch.request.checkOrder, redirectMode: fetch.request.redirect },
    fetch.browser,
    (name, step, passed) => record(fetch, name, step, passed),
  )
  if (isPreflightFailure(result)) {
    const raw =
      result.reason === 'invalid-allow-methods'
        ? get(headers, 'access-control-allow-methods')
        : result.reason === 'invalid-allow-headers'
          ? get(headers, 'access-control-allow-headers')
          : null
    return blocked(fetch, { ...result, stage: 'preflight', status, ...(raw === null ? {} : { raw }) })
  }
  // Steps 7.8-7.10: cache what this preflight allows for max-age seconds.
  if (fetch.cache && result.maxAge > 0) {
    fetch.cache.store(key, { methods: result.methods, headerNames: result.headerNames, expires: fetch.now + result.maxAge * 1000 })
  }
  return null
}
