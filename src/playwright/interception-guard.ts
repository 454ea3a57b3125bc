import { classifyRequest, simulate, type BrowserName, type HeaderList, type PageRequest } from '../engine/index.ts'
import { isCorsSafelistedMethod } from '../engine/request.ts'
import type { JournalEntry } from '../shared/journal-entry.ts'
import { isRefusal } from './local-network-journal.ts'
import type { SentRequest } from './request-log.ts'

/** A request that reached corslab without the preflight the browser owed it. */
export interface HiddenPreflight {
  entry: JournalEntry
  /** Why the engine says it needs one: `method PUT`, `headers content-type, x-request-id`. */
  why: string
}

// What the engine says the browser sends before this request, or null when it sends no preflight.
function preflightReason(sent: SentRequest, headers: Record<string, string>, browser: BrowserName): string | null {
  const origin = headers['origin']
  if (origin === undefined || sent.resourceType === 'document') return null
  const mode = headers['sec-fetch-mode']
  if (mode !== undefined && mode !== 'cors') return null
  // The page's own headers cannot be told from the browser's; the engine drops the forbidden ones.
  const request: PageRequest = { url: sent.url, origin, method: sent.method, headers: Object.entries(headers) as HeaderList, credentials: 'omit', mode: 'cors' }
  try {
    const verdict = simulate({ request }, { browser, resolve: (s) => ({ status: s.kind === 'preflight' ? 204 : 200, headers: [['access-control-allow-origin', origin], ['access-control-allow-methods', sent.method], ['access-control-allow-headers', '*']] }) })
    if (verdict.preflight === null) return null
    const classified = classifyRequest(request, browser)
    const why: string[] = []
    if (!isCorsSafelistedMethod(classified.method)) why.push(`method ${classified.method}`)
    if (classified.unsafeNames.length > 0) why.push(`${classified.unsafeNames.length === 1 ? 'header' : 'headers'} ${classified.unsafeNames.join(', ')}`)
    return why.length > 0 ? why.join(' and ') : 'the engine sends one for it'
  } catch {
    return null
  }
}

/**
 * The journal's requests that the engine says needed a preflight, and that reached the server with
 * no OPTIONS for their path before them: something answered the preflight instead of corslab. (An
 * earlier OPTIONS for the path may have been cached by the browser, so any one of them counts.)
 */
export async function findHiddenPreflights(sent: readonly SentRequest[], entries: readonly JournalEntry[], browser: BrowserName): Promise<HiddenPreflight[]> {
  const hidden: HiddenPreflight[] = []
  for (const entry of entries) {
    if (entry.preflight || entry.origin === null || isRefusal(entry)) continue
    const match = sent.find((s) => s.method === entry.method && s.path === entry.path)
    if (match === undefined) continue
    const why = preflightReason(match, await match.headers, browser)
    if (why === null) continue
    if (entries.some((e) => e.preflight && e.path === entry.path && e.id < entry.id)) continue
    hidden.push({ entry, why })
  }
  return hidden
}

/** Requests the page sent to the session that never reached corslab: answered or aborted on the way. */
export function neverArrived(sent: readonly SentRequest[], entries: readonly JournalEntry[]): SentRequest[] {
  return sent.filter((s) => s.resourceType !== 'document' && !entries.some((e) => e.path === s.path))
}

/** The text that fails a test whose preflights a route answered. */
export function interceptionMessage(hidden: readonly HiddenPreflight[], origin: string): string {
  const rows = hidden.map(({ entry, why }) => `  #${entry.id} ${entry.method} ${entry.path} (needs a preflight: ${why})`)
  return [
    `${hidden.length === 1 ? 'A request that needs' : 'Requests that need'} a CORS preflight reached corslab (${origin}) with no OPTIONS preflight before ${hidden.length === 1 ? 'it' : 'them'}:`,
    ...rows,
    '',
    'A page.route() or context.route() is hiding CORS from this test. While any route is registered on the page or its',
    'browser context, whatever its URL pattern, Playwright answers every CORS preflight itself with a 204 that allows',
    "the request, and route.fulfill() adds Access-Control-Allow-Origin to what it returns; the browser's CORS checks",
    'never see corslab\'s answers, so no preflight failure can show up.',
    '',
    "Narrowing the route to your app's origin or calling route.fallback() for corslab's URL does not help: the",
    'preflight is answered before any route handler runs. Instead:',
    '  - remove the routes before the requests under test: await page.unrouteAll() (and context.unrouteAll());',
    '  - or keep the mocks out of the browser: serve them from corslab (corsServer: { routes: \'routes.yaml\' })',
    '    or from your dev server, and keep page.route() for the tests that do not check CORS.',
  ].join('\n')
}
