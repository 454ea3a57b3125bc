/**
 * What `corslab audit` reports, named here because a scenario's `security` note names it too: the
 * finding ids (a contract) and the severities, worst first.
 */
export const findingIds = [
  'origin-reflected',
  'null-origin-allowed',
  'prefix-match',
  'suffix-match',
  'unescaped-dot',
  'any-subdomain-trusted',
  'http-origin-trusted',
  'special-character-bypass',
  'third-party-origin-trusted',
  'wildcard-origin',
  'missing-vary-origin',
] as const
export type FindingId = (typeof findingIds)[number]

export const severities = ['critical', 'high', 'medium', 'low', 'info'] as const
export type Severity = (typeof severities)[number]

/** Higher is worse: critical 4 ... info 0. */
export function severityRank(severity: Severity): number {
  return severities.length - 1 - severities.indexOf(severity)
}

/** Medium or worse: what `corslab audit` exits 1 for, and what `list` and the dashboard mark insecure. */
export function isInsecure(severity: Severity): boolean {
  return severityRank(severity) >= severityRank('medium')
}
