import type { Expectation, Probe } from './types.ts'

/** An expectation in words: `blocked, at preflight (method-not-allowed)`, `allowed, 1 preflight`. */
export function describeExpectation(e: Expectation): string {
  const parts: string[] = [e.outcome]
  if (e.outcome === 'blocked') parts.push(`at ${e.stage} (${e.reason})`)
  if (e.preflights !== undefined) parts.push(`${e.preflights} preflight${e.preflights === 1 ? '' : 's'}`)
  else if (e.preflight && e.stage !== 'preflight') parts.push('after a preflight')
  if (e.hiddenHeaders !== undefined && e.hiddenHeaders.length > 0) parts.push(`cannot read ${e.hiddenHeaders.join(', ')}`)
  return parts.join(', ')
}

/**
 * The probe in words, so that a verdict reads as this request's, not every request's:
 * `POST /api/items (headers content-type, x-request-id)`, `GET /api/me (credentials)`.
 */
export function describeProbe(probe: Probe): string {
  const parts: string[] = []
  const headers = Object.keys(probe.headers ?? {})
  if (headers.length > 0) parts.push(`headers ${headers.join(', ')}`)
  if (probe.credentials === 'include') parts.push('credentials')
  if (probe.readHeaders !== undefined && probe.readHeaders.length > 0) parts.push(`reads ${probe.readHeaders.join(', ')}`)
  if (probe.repeat !== undefined && probe.repeat > 1) parts.push(`${probe.repeat} times`)
  return `${probe.method} ${probe.path}${parts.length > 0 ? ` (${parts.join('; ')})` : ''}`
}
