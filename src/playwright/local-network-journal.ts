import { simulate, suggestFix, type Answer, type AnswerRequest, type ReasonId, type PageRequest } from '../engine/index.ts'
import type { JournalEntry, JournalVerdict } from '../server/index.ts'
import { notSentEntry } from '../shared/journal-entry.ts'
import { passingAnswer } from '../shared/journal-verdict.ts'
import type { LocalNetworkAccess, LocalNetworkRefusal } from './local-network.ts'

// Chromium's CorsError (CDP) for each reason the engine gives a Local Network Access refusal.
const reasons: Record<string, ReasonId> = {
  LocalNetworkAccessPermissionDenied: 'local-network-access-denied',
  InvalidLocalNetworkAccess: 'local-network-target-mismatch',
  InsecureLocalNetwork: 'local-network-insecure-context',
}

const fixes = new WeakMap<JournalEntry, string>()

/** A journal row for a request Chromium refused before sending it: it never reached the server. */
export function isRefusal(entry: JournalEntry): boolean {
  return entry.id < 0
}

/** What to do about a refused request's row (the engine's fix), if it is one. */
export function refusalFix(entry: JournalEntry): string | undefined {
  return fixes.get(entry)
}

// An answer that passes every CORS check: the refusal is about where the server is, not what it says.
function passing(sent: AnswerRequest, refused: string): Answer {
  const { status, headers } = passingAnswer(sent, false)
  // The URL that redirected to corslab was reached: it was not less public than the page.
  const addressSpace = sent.url === refused ? 'loopback' : 'public'
  if (sent.kind === 'preflight' || sent.url === refused) return { status, headers, addressSpace }
  return { status: 302, headers: [...headers, ['location', refused]], addressSpace }
}

/**
 * The engine's verdict for a refusal, as Chromium ran it: the page public, corslab loopback, the
 * permission as emulated, and fetch()'s targetAddressSpace as Chromium's line names it. Where the
 * engine gives another reason than Chromium did, the row keeps Chromium's own reason and line.
 */
function judge(refusal: LocalNetworkRefusal, permission: LocalNetworkAccess): { verdict: JournalVerdict, fix?: string } {
  const target = /Request had a target IP address space of `(\w+)`/.exec(refusal.message ?? '')?.[1]
  const request: PageRequest = {
    url: refusal.initialUrl,
    origin: refusal.origin,
    method: refusal.method,
    addressSpace: 'public',
    ...(refusal.initiator === 'xhr' ? { initiator: 'xhr' as const } : {}),
    ...(target === undefined ? {} : { targetAddressSpace: target }),
  }
  const reason = reasons[refusal.corsError]
  try {
    const verdict = simulate({ request }, { browser: 'chromium', localNetworkAccess: permission, resolve: (sent) => passing(sent, refusal.url) })
    if (verdict.outcome === 'blocked' && verdict.reason === reason) {
      const judged: JournalVerdict = { outcome: 'blocked', reason }
      if (verdict.stage !== undefined) judged.stage = verdict.stage
      if (verdict.message !== undefined) judged.message = verdict.message
      const fix = suggestFix(verdict, request)?.text
      return fix === undefined ? { verdict: judged } : { verdict: judged, fix }
    }
  } catch {
    // A request the engine cannot read: Chromium's word stands.
  }
  const verdict: JournalVerdict = { outcome: 'blocked', stage: refusal.url === refusal.initialUrl ? 'request' : 'redirect' }
  if (reason !== undefined) verdict.reason = reason
  if (refusal.message !== undefined) verdict.message = refusal.message
  return { verdict }
}

/**
 * The session's journal with the refused requests to it put in, by time: each as a row of its own
 * (id -1, -2, ... in the order refused; status 0; no answer), so the matchers and failure messages
 * show them like any other.
 */
export function refusalEntries(
  served: readonly JournalEntry[],
  refusals: readonly LocalNetworkRefusal[],
  session: { url: string, session: string, scenarioAt: (time: string) => string, permission: LocalNetworkAccess },
): JournalEntry[] {
  const prefix = `${session.url}/`
  const rows = refusals
    .filter((r) => r.url.startsWith(prefix))
    .map((r, i) => {
      const { verdict, fix } = judge(r, session.permission)
      const row: JournalEntry = {
        id: -(i + 1),
        time: r.time,
        session: session.session,
        ...notSentEntry({ scenario: session.scenarioAt(r.time), method: r.method, path: r.url.slice(session.url.length), origin: r.origin, verdict }),
      }
      if (fix !== undefined) fixes.set(row, fix)
      return row
    })
  if (rows.length === 0) return [...served]
  return [...served, ...rows].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0))
}
