import type { HeaderList, Outcome, ReasonId, Stage } from '../engine/types.ts'
import { headerNameMatcher } from '../scenarios/headers.ts'

/** What the engine says the default browser (Chromium) does with an answer. */
export interface JournalVerdict {
  outcome: Outcome
  stage?: Stage
  reason?: ReasonId
  message?: string
}

/**
 * One request answered under a scenario, by the server or by the MSW handlers (the same shape, so a
 * test reads the same against both).
 */
export interface JournalEntry {
  id: number
  /** ISO 8601. */
  time: string
  scenario: string
  method: string
  /** Path and query under the scenario (a `/@NAME` or `/@SESSION` prefix removed). */
  path: string
  /** The session whose `/@ID/` prefix the request came through; absent for any other request. */
  session?: string
  /** The request's Origin, or null when it had none. */
  origin: string | null
  /** True for a CORS preflight: OPTIONS with Origin and Access-Control-Request-Method. */
  preflight: boolean
  /** The request's Access-Control-Request-* headers, by lower-case name. */
  requestHeaders: Record<string, string>
  status: number
  /** The header lines sent back, in order. */
  responseHeaders: HeaderList
  /**
   * What Chromium does with this answer (see `judgeServed`), for the credentials mode of whoever
   * wrote the entry knows: the page's own in the MSW handlers; on the server, `include` when a Cookie
   * came, else the scenario probe's. null when there is nothing to judge: no Origin (not a CORS
   * request), a navigation, or an Origin the engine cannot read.
   */
  verdict: JournalVerdict | null
}

/** An entry's fields before the journal gives it an id and a time. */
export type NewJournalEntry = Omit<JournalEntry, 'id' | 'time'>

/**
 * The entry of a request the browser refused before sending it (a forbidden method, Local Network
 * Access): no answer, status 0, only the verdict.
 */
export function notSentEntry(request: { scenario: string, method: string, path: string, origin: string | null, verdict: JournalVerdict }): NewJournalEntry {
  return { ...request, preflight: false, requestHeaders: {}, status: 0, responseHeaders: [] }
}

const isAccessControlRequest = headerNameMatcher('access-control-request-*')

/** A request's Access-Control-Request-* lines as an entry keeps them: by lower-case name, repeated lines joined. */
export function accessControlRequestHeaders(lines: HeaderList): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [n, v] of lines) {
    if (!isAccessControlRequest(n)) continue
    const name = n.toLowerCase()
    headers[name] = headers[name] === undefined ? v : `${headers[name]}, ${v}`
  }
  return headers
}

/** The header names an Access-Control-Request-Headers value asks for, lower-cased, empty items left out. */
export function requestedHeaderNames(value: string | undefined): string[] {
  if (value === undefined) return []
  const names: string[] = []
  for (const item of value.split(',')) {
    const name = item.trim().toLowerCase()
    if (name !== '') names.push(name)
  }
  return names
}
