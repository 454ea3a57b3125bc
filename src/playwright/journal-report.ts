import { suggestFix } from '../engine/fix.ts'
import { requestedHeaderNames, type JournalEntry } from '../shared/journal-entry.ts'
import { judgeServed, servedExchangeOf } from '../shared/journal-verdict.ts'
import { isRefusal, refusalFix } from './local-network-journal.ts'

/** At most this many rows in a message: the newest ones, which are what a failing test just did. */
export const maxRows = 30

function outcomeText(entry: JournalEntry): string {
  const v = entry.verdict
  if (v === null) return 'not a CORS request'
  if (v.outcome !== 'blocked') return v.outcome
  return `blocked at ${v.stage ?? 'response'}: ${v.reason ?? 'unknown reason'}`
}

/** One line per entry: id, scenario, what was sent, the status, and what Chromium does with it. */
export function formatRow(entry: JournalEntry): string {
  const names = requestedHeaderNames(entry.requestHeaders['access-control-request-headers'])
  const what = entry.preflight
    ? `OPTIONS ${entry.path}  preflight for ${entry.requestHeaders['access-control-request-method'] ?? '?'}${names.length > 0 ? ` (${names.join(', ')})` : ''}`
    : `${entry.method} ${entry.path}`
  return `#${entry.id} [${entry.scenario}] ${what}  → ${isRefusal(entry) ? 'never sent' : entry.status}  ${outcomeText(entry)}`
}

/**
 * What the engine says for a blocked entry, and what the server must change. The entry does not
 * say which credentials mode its verdict is for: the fix is worked out for the one that gives it.
 */
export function fixFor(entry: JournalEntry, url: string): string | undefined {
  const recorded = entry.verdict
  if (recorded?.outcome !== 'blocked') return undefined
  if (isRefusal(entry)) return refusalFix(entry)
  for (const credentials of ['include', 'omit'] as const) {
    const judged = judgeServed(servedExchangeOf(entry, url), credentials)
    if (judged !== undefined && judged.verdict.reason === recorded.reason) return suggestFix(judged.verdict, judged.request)?.text
  }
  return undefined
}

/**
 * The journal as a failure message shows it: the rows, then for each blocked row Chromium's console
 * text and the fix. `urlOf` gives the URL the browser used for an entry's path.
 */
export function formatJournal(entries: readonly JournalEntry[], urlOf: (entry: JournalEntry) => string): string {
  if (entries.length === 0) return '  (no requests reached corslab in this test)'
  const shown = entries.slice(-maxRows)
  const lines: string[] = []
  if (shown.length < entries.length) lines.push(`  … ${entries.length - shown.length} earlier rows left out`)
  for (const entry of shown) lines.push(`  ${formatRow(entry)}`)
  const blocked = shown.filter((e) => e.verdict?.outcome === 'blocked')
  if (blocked.length > 0) {
    lines.push('', "Engine's explanation (Chromium):")
    for (const entry of blocked) {
      lines.push(`  #${entry.id} ${entry.verdict?.message ?? '(no console text)'}`)
      const fix = fixFor(entry, urlOf(entry))
      if (fix !== undefined) lines.push(`      fix: ${fix}`)
    }
  }
  return lines.join('\n')
}
