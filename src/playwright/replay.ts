import { simulate, type Answer, type AnswerRequest, type CredentialsMode, type HeaderList, type RequestInit, type Verdict } from '../engine/index.ts'
import type { JournalEntry, JournalVerdict } from '../server/index.ts'

/** The header names a preflight entry asked for, lower-cased. */
export function requestedHeaders(entry: JournalEntry): string[] {
  return (entry.requestHeaders['access-control-request-headers'] ?? '').split(',').map((n) => n.trim().toLowerCase()).filter(Boolean)
}

// A value that no safelisting rule accepts, so a name from Access-Control-Request-Headers stays unsafe.
const unsafeValue = (name: string) => (name === 'content-type' ? 'application/json' : '"corslab"')

// The answer that passes every check: it stands in for the parts of the exchange the entry is not about.
function passing(sent: AnswerRequest, credentials: boolean): Answer {
  const origin = sent.headers.find(([n]) => n === 'origin')?.[1] ?? 'null'
  const headers: HeaderList = [['access-control-allow-origin', origin]]
  if (credentials) headers.push(['access-control-allow-credentials', 'true'])
  if (sent.kind === 'response') return { status: 200, headers }
  headers.push(['access-control-allow-methods', sent.headers.find(([n]) => n === 'access-control-request-method')?.[1] ?? 'GET'])
  const names = sent.headers.find(([n]) => n === 'access-control-request-headers')?.[1]
  if (names !== undefined) headers.push(['access-control-allow-headers', names])
  return { status: 204, headers }
}

/**
 * Runs a journal entry's exchange through the engine again, as Chromium, with the given credentials
 * mode: the journal keeps a verdict without its detail, and guesses the credentials mode.
 */
export function replay(entry: JournalEntry, url: string, credentials: CredentialsMode): { verdict: Verdict, request: RequestInit } | undefined {
  if (entry.origin === null) return undefined
  const request: RequestInit = entry.preflight
    ? { url, origin: entry.origin, method: entry.requestHeaders['access-control-request-method'] ?? 'GET', headers: requestedHeaders(entry).map((n) => [n, unsafeValue(n)]), credentials }
    : { url, origin: entry.origin, method: entry.method, credentials }
  const judged = entry.preflight ? 'preflight' : 'response'
  const actual: Answer = { status: entry.status, headers: entry.responseHeaders }
  try {
    const verdict = simulate({ request }, {
      browser: 'chromium',
      resolve: (sent) => (sent.hop === 0 && sent.kind === judged ? actual : passing(sent, credentials === 'include')),
    })
    return { verdict, request }
  } catch {
    return undefined
  }
}

/** A full verdict in the journal's shape. */
export function journalVerdict(verdict: Verdict): JournalVerdict {
  const result: JournalVerdict = { outcome: verdict.outcome }
  if (verdict.stage !== undefined) result.stage = verdict.stage
  if (verdict.reason !== undefined) result.reason = verdict.reason
  if (verdict.message !== undefined) result.message = verdict.message
  return result
}
