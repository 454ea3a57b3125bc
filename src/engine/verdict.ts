import { record, requestOrigin, withOrigin, type FetchState } from './fetch-state.ts'
import { webkitHeaderName } from './header-order.ts'
import { consoleMessage, type Failure } from './messages.ts'
import type { Verdict } from './types.ts'

/** What the page's code gets from an XMLHttpRequest the browser blocked, in every browser. */
export const xhrError = 'XMLHttpRequest: error event, status 0'

/** What a step knows of its failure; the rest comes from the fetch. */
export type StepFailure = Omit<Failure, 'url' | 'initialUrl' | 'origin' | 'requestOrigin' | 'method'>

/** The verdict for a fetch a step refused: a network error, with the browser's console text. */
export function blocked(fetch: FetchState, failure: StepFailure): Verdict {
  const { request, browser, url } = fetch
  const full: Failure = {
    url: url.href,
    initialUrl: request.url.href,
    origin: request.origin,
    requestOrigin: requestOrigin(fetch),
    method: fetch.method,
    initiator: request.initiator,
    ...failure,
  }
  // WebKit's header map keeps a custom name as the page wrote it, and a known one in its own case.
  if (browser === 'webkit' && full.header !== undefined) full.header = webkitHeaderName(full.header, request.names[full.header])
  return {
    outcome: 'blocked',
    stage: full.stage,
    reason: full.reason,
    preflight: fetch.firstPreflight,
    preflights: fetch.preflights,
    requestHeaders: fetch.sentHeaders ?? withOrigin(fetch.headers, fetch.tainting, request.origin, fetch.method),
    url: url.href,
    redirected: url.href !== request.url.href,
    message: consoleMessage(full, browser),
    detail: failureDetail(full),
    error: request.initiator === 'xhr' ? xhrError : fetch.profile.fetchError,
    checks: fetch.checks,
    browser,
    initiator: request.initiator,
  }
}

/**
 * The verdict for a request fetch() or XMLHttpRequest refused before sending anything: the page
 * gets the exception, nothing goes out, and the console stays silent.
 */
export function refusedRequest(fetch: FetchState): Verdict | null {
  const { request } = fetch
  const refusal = request.refusal
  if (refusal === null) return null
  const step = request.initiator === 'xhr' ? 'XMLHttpRequest open() and setRequestHeader()' : 'fetch(): the Request constructor'
  record(fetch, 'request-arguments', step, false)
  const detail: NonNullable<Verdict['detail']> = {}
  if (refusal.header !== undefined) detail.header = refusal.header
  if (refusal.reason !== 'invalid-header') detail.method = request.method
  return {
    outcome: 'blocked',
    stage: 'request',
    reason: refusal.reason,
    preflight: null,
    preflights: 0,
    requestHeaders: [],
    url: request.url.href,
    redirected: false,
    message: '',
    detail,
    error: refusal.error,
    checks: fetch.checks,
    browser: fetch.browser,
    initiator: request.initiator,
  }
}

/** The verdict for a fetch that resolves: `allowed`, or `opaque` (status 0, nothing readable). */
export function settled(fetch: FetchState, outcome: 'allowed' | 'opaque', status: number, exposedHeaders: string[]): Verdict {
  return {
    outcome,
    preflight: fetch.firstPreflight,
    preflights: fetch.preflights,
    requestHeaders: fetch.sentHeaders ?? [],
    url: fetch.url.href,
    redirected: fetch.url.href !== fetch.request.url.href,
    status: outcome === 'opaque' ? 0 : status,
    exposedHeaders,
    checks: fetch.checks,
    browser: fetch.browser,
    initiator: fetch.request.initiator,
  }
}

function failureDetail(f: Failure): NonNullable<Verdict['detail']> {
  const detail: NonNullable<Verdict['detail']> = {}
  if (f.header !== undefined) detail.header = f.header
  if (f.reason === 'method-not-allowed') detail.method = f.method
  if (f.value !== undefined) detail.value = f.value
  if (f.status !== undefined) detail.status = f.status
  if (f.location !== undefined) detail.location = f.location
  if (f.addressSpace !== undefined) detail.addressSpace = f.addressSpace
  if (f.targetAddressSpace !== undefined) detail.targetAddressSpace = f.targetAddressSpace
  if (f.requestOrigin !== f.origin) detail.origin = f.requestOrigin
  return detail
}
