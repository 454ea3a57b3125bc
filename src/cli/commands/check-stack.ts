import type { CheckReport } from '../../check/index.ts'
import { isToken } from '../../engine/fetch-terms.ts'
import { CorslabError } from '../../errors.ts'
import { buildFix, formatFix, getStack, needFromReport, recogniseStack, type StackFix } from '../../stacks/index.ts'

/**
 * check's `--stack` and `--expose`: flags are validated before anything is sent; the returned
 * function gives the fix for a report (null when every browser allows and no stack was asked for).
 */
export function stackFixFor(stack: string | undefined, expose: string[]): (report: CheckReport) => { fix: StackFix; text: string } | null {
  if (stack !== undefined) {
    try {
      getStack(stack)
    } catch (error) {
      throw new CorslabError('E_USAGE', `corslab check: --stack: ${(error as Error).message.replace(/^\[corslab\] /, '')}`)
    }
  }
  const names = expose.flatMap((e) => e.split(',')).map((n) => n.trim()).filter(Boolean)
  for (const name of names) {
    if (!isToken(name)) throw new CorslabError('E_USAGE', `corslab check: --expose ${JSON.stringify(name)} is not a header name. Run corslab check --help.`)
  }
  return (report) => {
    if (report.outcome !== 'blocked' && stack === undefined) return null
    // fetch() refused the request itself: nothing reached the server, no header fixes it.
    if (report.exchanges.length === 0) return null
    const recognised = stack === undefined ? recogniseStack(report.exchanges.map((e) => e.headers)) : null
    const fix = buildFix(needFromReport(report, { expose: names }), stack ?? recognised?.stack ?? null)
    if (recognised !== null) fix.notes.unshift(`The stack was recognised from ${recognised.evidence}; pass --stack NAME if that is wrong.`)
    return { fix, text: formatFix(fix, recognised) }
  }
}
