import type { CredentialsMode } from '../engine/types.ts'
import type { JournalEntry } from '../shared/journal-entry.ts'
import { judgeServed, servedExchangeOf, toJournalVerdict } from '../shared/journal-verdict.ts'
import type { SentRequest } from './request-log.ts'

/**
 * The page's credentials mode for an entry, as the browser's own outcome shows it: the server can
 * tell only from a Cookie, and otherwise writes its verdict for the scenario probe's mode (under
 * wildcard-with-credentials a plain fetch() that the browser lets through is then judged blocked).
 * Undefined where the outcome does not tell: the request is still pending, several requests to the
 * same path ended differently, or the entry's verdict already agrees with the browser.
 */
function pageCredentials(entry: JournalEntry, sent: readonly SentRequest[]): CredentialsMode | undefined {
  const verdict = entry.verdict
  if (entry.preflight || verdict === null) return undefined
  const same = sent.filter((s) => s.method === entry.method && s.path === entry.path)
  // Only where every such request ended the same way: which one this entry is cannot be told.
  const outcome = same[0]?.outcome
  if (outcome === undefined || outcome === 'pending' || same.some((s) => s.outcome !== outcome)) return undefined
  const agrees = (outcome === 'finished' && verdict.outcome !== 'blocked') || (outcome === 'failed' && verdict.outcome !== 'allowed')
  if (agrees) return undefined
  // A request the browser let through went without credentials; one it failed, with them.
  return outcome === 'finished' ? 'omit' : 'include'
}

/**
 * The entries with each verdict judged for the page's credentials mode where the browser's outcome
 * shows it (see pageCredentials); the server's verdict elsewhere. `urlOf` gives an entry's URL.
 */
export function withPageCredentials(entries: readonly JournalEntry[], sent: readonly SentRequest[], urlOf: (entry: JournalEntry) => string): JournalEntry[] {
  return entries.map((entry) => {
    const credentials = pageCredentials(entry, sent)
    if (credentials === undefined) return entry
    const judged = judgeServed(servedExchangeOf(entry, urlOf(entry)), credentials)
    // The mode that gives the browser's outcome, or the entry as the server wrote it.
    if (judged === undefined || (judged.verdict.outcome === 'allowed') !== (credentials === 'omit')) return entry
    return { ...entry, verdict: toJournalVerdict(judged.verdict) }
  })
}
