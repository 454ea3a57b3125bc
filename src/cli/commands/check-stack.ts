import type { CheckReport } from '../../check/index.ts'
import { isToken } from '../../engine/fetch-terms.ts'
import { buildFix, formatFix, needFromReport, recogniseStack, type Stack, type StackFix } from '../../stacks/index.ts'
import { usageError } from '../flags.ts'

/**
 * check's `--stack` (already read) and `--expose`: flags are validated before anything is sent; the
 * returned function gives the fix for a report (null when every browser allows and no stack was asked for).
 */
export function stackFixFor(stack: Stack | null, expose: string[]): (report: CheckReport) => { fix: StackFix; text: string } | null {
  const names = expose.flatMap((e) => e.split(',')).map((n) => n.trim()).filter(Boolean)
  for (const name of names) {
    if (!isToken(name)) throw usageError('check', `--expose ${JSON.stringify(name)} is not a header name.`)
  }
  return (report) => {
    if (report.outcome !== 'blocked' && stack === null) return null
    // fetch() refused the request itself: nothing reached the server, no header fixes it.
    if (report.exchanges.length === 0) return null
    const recognised = stack === null ? recogniseStack(report.exchanges.map((e) => e.headers)) : null
    const fix = buildFix(needFromReport(report, { expose: names }), stack?.id ?? recognised?.stack ?? null)
    if (recognised !== null) fix.notes.unshift(`The stack was recognised from ${recognised.evidence}; pass --stack NAME if that is wrong.`)
    return { fix, text: formatFix(fix, recognised) }
  }
}
