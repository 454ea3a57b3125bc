import { requestOrigin, withOrigin, type FetchState } from './fetch-state.ts'
import { consoleMessage, type Failure } from './messages.ts'
import type { Verdict } from './types.ts'

/** What a step knows of its failure; the rest comes from the fetch. */
export type StepFailure = Omit<Failure, 'url' | 'initialUrl' | 'origin' | 'requestOrigin' | 'method'>

/** The verdict for a fetch a step refused: a network error, with the browser's console text. */
export function blocked(fetch: FetchState, failure: StepFailure): Verdict {
  const { request, browser, url } = fetch
  const full: Failure = { url: url.href, initialUrl: request.url.href, origin: request.origin, requestOrigin: requestOrigin(fetch), method: fetch.method, ...failure }
  // WebKit's header map keeps a custom name as the page wrote it, and a common one in canonical case.
  if (browser === 'webkit' && full.header !== undefined) full.header = webkitHeaderName(full.header, request.names)
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
    error: fetch.profile.fetchError,
    checks: fetch.checks,
    browser,
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
  }
}

// WebKit's HTTPHeaderNames.in, the ones a page may set.
const webkitCommonHeaders = [
  'Accept', 'Accept-Language', 'Authorization', 'Cache-Control', 'Content-Language', 'Content-Type', 'If-Match',
  'If-Modified-Since', 'If-None-Match', 'If-Range', 'If-Unmodified-Since', 'Pragma', 'Range', 'Purpose', 'Priority',
  'X-Requested-With', 'X-Content-Type-Options', 'X-Frame-Options', 'Content-Disposition', 'Content-Encoding',
  'Content-Location', 'Link', 'Upgrade-Insecure-Requests', 'User-Agent', 'Icy-MetaData',
]
function webkitHeaderName(lower: string, names: Record<string, string>): string {
  return webkitCommonHeaders.find((name) => name.toLowerCase() === lower) ?? names[lower] ?? lower
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
