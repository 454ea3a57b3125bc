import type { Expectation } from './types.ts'

/** An expectation in words: `blocked, at preflight (method-not-allowed)`, `allowed, 1 preflight`. */
export function describeExpectation(e: Expectation): string {
  const parts: string[] = [e.outcome]
  if (e.outcome === 'blocked') parts.push(`at ${e.stage} (${e.reason})`)
  if (e.preflights !== undefined) parts.push(`${e.preflights} preflight${e.preflights === 1 ? '' : 's'}`)
  else if (e.preflight && e.stage !== 'preflight') parts.push('after a preflight')
  if (e.hiddenHeaders !== undefined && e.hiddenHeaders.length > 0) parts.push(`cannot read ${e.hiddenHeaders.join(', ')}`)
  return parts.join(', ')
}
