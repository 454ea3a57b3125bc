import type { RequestInit, Verdict } from '../engine/index.ts'
import type { JournalEntry, JournalVerdict } from '../server/journal.ts'
import type { Sent } from './exchange.ts'
import type { Site } from './target.ts'

type NewEntry = Omit<JournalEntry, 'id' | 'time'>

function blockedVerdict(verdict: Verdict): JournalVerdict {
  const result: JournalVerdict = { outcome: verdict.outcome }
  if (verdict.stage !== undefined) result.stage = verdict.stage
  if (verdict.reason !== undefined) result.reason = verdict.reason
  if (verdict.message !== undefined) result.message = verdict.message
  return result
}

/**
 * One journal entry per request the browser would have sent to the target, in the server's shape
 * (DESIGN.md, "Journal entries"), so a test reads the same as against `corslab serve`. The request
 * the browser stopped at carries the blocked verdict; the ones it got past are `allowed` (or
 * `opaque` for a no-cors request). A request blocked before anything was sent (stage `request`)
 * gets one entry with status 0.
 */
export function journalEntries(sent: Sent[], verdict: Verdict, page: RequestInit, pageSite: Site): NewEntry[] {
  const passed: JournalVerdict = { outcome: verdict.outcome === 'opaque' ? 'opaque' : 'allowed' }
  const entries: NewEntry[] = []
  sent.forEach((item, index) => {
    if (item.site === null) return
    const requestHeaders: Record<string, string> = {}
    let origin: string | null = null
    for (const [name, value] of item.need.headers) {
      if (name === 'origin') origin = value
      else if (name.startsWith('access-control-request-')) requestHeaders[name] = requestHeaders[name] === undefined ? value : `${requestHeaders[name]}, ${value}`
    }
    const last = index === sent.length - 1
    entries.push({
      scenario: item.site.scenario.name,
      method: item.need.method,
      path: item.site.path,
      origin,
      preflight: item.answer.preflight,
      requestHeaders,
      status: item.answer.status,
      responseHeaders: item.answer.headers.map(([name, value]) => [name, value]),
      verdict: last && verdict.outcome === 'blocked' ? blockedVerdict(verdict) : passed,
    })
  })
  if (sent.length === 0 && verdict.outcome === 'blocked') {
    entries.push({
      scenario: pageSite.scenario.name,
      method: page.method ?? 'GET',
      path: pageSite.path,
      origin: page.origin,
      preflight: false,
      requestHeaders: {},
      status: 0,
      responseHeaders: [],
      verdict: blockedVerdict(verdict),
    })
  }
  return entries
}
