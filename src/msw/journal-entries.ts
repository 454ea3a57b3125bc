import type { PageRequest, Verdict } from '../engine/types.ts'
import { getFirst } from '../scenarios/headers.ts'
import { accessControlRequestHeaders, notSentEntry, type JournalVerdict, type NewJournalEntry } from '../shared/journal-entry.ts'
import { toJournalVerdict } from '../shared/journal-verdict.ts'
import type { Sent } from './exchange.ts'
import type { Site } from './target.ts'

/**
 * One journal entry per request the browser would have sent to the target, in the server's shape
 * (a JournalEntry), so a test reads the same as against `corslab serve`. The request
 * the browser stopped at carries the blocked verdict; the ones it got past are `allowed` (or
 * `opaque` for a no-cors request). A request blocked before anything was sent (stage `request`)
 * gets one entry with status 0.
 */
export function journalEntries(sent: Sent[], verdict: Verdict, page: PageRequest, pageSite: Site): NewJournalEntry[] {
  const passed: JournalVerdict = { outcome: verdict.outcome === 'opaque' ? 'opaque' : 'allowed' }
  const entries: NewJournalEntry[] = []
  sent.forEach((item, index) => {
    if (item.site === null) return
    const last = index === sent.length - 1
    entries.push({
      scenario: item.site.scenario.name,
      method: item.need.method,
      path: item.site.path,
      origin: getFirst(item.need.headers, 'origin') ?? null,
      preflight: item.answer.preflight,
      requestHeaders: accessControlRequestHeaders(item.need.headers),
      status: item.answer.status,
      responseHeaders: item.answer.headers.map(([name, value]) => [name, value]),
      verdict: last && verdict.outcome === 'blocked' ? toJournalVerdict(verdict) : passed,
    })
  })
  if (sent.length === 0 && verdict.outcome === 'blocked') {
    entries.push(notSentEntry({ scenario: pageSite.scenario.name, method: page.method ?? 'GET', path: pageSite.path, origin: page.origin, verdict: toJournalVerdict(verdict) }))
  }
  return entries
}
