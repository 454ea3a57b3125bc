import type { JournalEntry } from '../server/index.ts'
import type { SentRequest } from './request-log.ts'
import { journalVerdict, replay } from './replay.ts'

/**
 * The server judges a request without a Cookie as if the page used the scenario probe's credentials
 * mode, which is not always the page's: under wildcard-with-credentials a plain fetch() that the
 * browser lets through is judged blocked. Where the browser's own outcome for a request contradicts
 * its verdict, and the other credentials mode gives that outcome, that verdict is the page's.
 */
export function withPageCredentials(entries: readonly JournalEntry[], sent: readonly SentRequest[], urlOf: (entry: JournalEntry) => string): JournalEntry[] {
  return entries.map((entry) => {
    const verdict = entry.verdict
    if (entry.preflight || verdict === null) return entry
    const same = sent.filter((s) => s.method === entry.method && s.path === entry.path)
    // Only where every such request ended the same way: which one this entry is cannot be told.
    const outcome = same[0]?.outcome
    if (outcome === undefined || outcome === 'pending' || same.some((s) => s.outcome !== outcome)) return entry
    const contradicted = (outcome === 'finished' && verdict.outcome === 'blocked') || (outcome === 'failed' && verdict.outcome === 'allowed')
    if (!contradicted) return entry
    const replayed = replay(entry, urlOf(entry), outcome === 'finished' ? 'omit' : 'include')
    if (replayed === undefined || (replayed.verdict.outcome === 'allowed') !== (outcome === 'finished')) return entry
    return { ...entry, verdict: journalVerdict(replayed.verdict) }
  })
}
