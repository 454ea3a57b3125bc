import type { BrowserName, HeaderList } from '../engine/index.ts'

export { findingIds, severities, severityRank, type FindingId, type Severity } from '../scenarios/security.ts'
import type { FindingId, Severity } from '../scenarios/security.ts'

/** One request the audit sent, and the CORS part of what came back. */
export interface Evidence {
  kind: 'preflight' | 'request'
  method: string
  url: string
  /** The request's header lines (Origin among them), as sent. */
  requestHeaders: HeaderList
  /** null: the server closed the connection without answering. */
  status: number | null
  /** The answer's Access-Control-* and Vary lines, names lower-cased. */
  headers: HeaderList
}

/** How to fix a finding: the header-level change, and the stack's own code where the stack is known. */
export interface FindingFix {
  text: string
  /** The stack id the snippet is for, or null when the stack is not known. */
  stack: string | null
  snippet: string | null
  notes: string[]
}

export interface Finding {
  id: FindingId
  severity: Severity
  /** One accepted attacker origin (the one the evidence is for). */
  origin: string
  /** Every accepted attacker origin of this kind. */
  origins: string[]
  /** Whether a page there gets the answer with the user's credentials (fetch credentials 'include'). */
  credentials: boolean
  /** The engines whose attacker page can read the answer (with credentials when `credentials`). */
  browsers: BrowserName[]
  /** One sentence: what an attacker gets. */
  summary: string
  evidence: Evidence[]
  fix: FindingFix
}

export interface AuditReport {
  url: string
  trusted: string
  /** Worst first. */
  findings: Finding[]
  /** Attacker origins that get the answer with credentials in some browser (credentials allowed beyond the trusted origin). */
  credentialedOrigins: string[]
  /** Requests sent, preflights included. */
  requests: number
  /** What the audit could not judge, and caveats about the verdicts. */
  notes: string[]
}
