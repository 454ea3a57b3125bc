import type { ReasonId } from '../engine/index.ts'
import type { JournalEntry, JournalVerdict } from '../server/index.ts'
import type { LocalNetworkRefusal } from './local-network.ts'

const reasons: Record<string, ReasonId> = {
  LocalNetworkAccessPermissionDenied: 'local-network-access-denied',
  InvalidLocalNetworkAccess: 'local-network-target-mismatch',
  InsecureLocalNetwork: 'local-network-insecure-context',
}

/** A journal row for a request Chromium refused before sending it: it never reached the server. */
export function isRefusal(entry: JournalEntry): boolean {
  return entry.id < 0
}

function verdictOf(refusal: LocalNetworkRefusal): JournalVerdict {
  const verdict: JournalVerdict = { outcome: 'blocked', stage: refusal.url === refusal.initialUrl ? 'request' : 'redirect' }
  const reason = reasons[refusal.corsError]
  if (reason !== undefined) verdict.reason = reason
  if (refusal.message !== undefined) verdict.message = refusal.message
  return verdict
}

/**
 * The session's journal with the refused requests to it put in, by time: each as a row of its own
 * (id -1, -2, ... in the order refused; status 0; no answer), so the matchers and failure messages
 * show them like any other.
 */
export function refusalEntries(
  served: readonly JournalEntry[],
  refusals: readonly LocalNetworkRefusal[],
  session: { url: string, session: string, scenarioAt: (time: string) => string },
): JournalEntry[] {
  const prefix = `${session.url}/`
  const rows: JournalEntry[] = refusals
    .filter((r) => r.url.startsWith(prefix))
    .map((r, i) => ({
      id: -(i + 1),
      time: r.time,
      scenario: session.scenarioAt(r.time),
      session: session.session,
      method: r.method,
      path: r.url.slice(session.url.length),
      origin: r.origin,
      preflight: false,
      requestHeaders: {},
      status: 0,
      responseHeaders: [],
      verdict: verdictOf(r),
    }))
  if (rows.length === 0) return [...served]
  return [...served, ...rows].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0))
}
