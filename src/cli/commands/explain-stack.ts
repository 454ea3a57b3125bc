import type { Scenario } from '../../scenarios/index.ts'
import { defaultPageOrigin } from '../../shared/probe.ts'
import { buildFix, faultTrap, originPatterns, scenarioNeed, scenarioPolicy, type Stack } from '../../stacks/index.ts'
import { describePolicy } from '../describe.ts'

const code = (text: string) => text.split('\n').map((l) => (l === '' ? '' : `      ${l}`))

/** `explain NAME --stack ID`: the scenario's mistake as that stack writes it, and the stack's fix for the probe. */
export function explainInStack(scenario: Scenario, stack: Stack): string {
  const out: string[] = [`In ${stack.name}:`, '']
  const policy = scenarioPolicy(scenario)
  const faults = scenario.policy.faults ?? []
  if (policy === null) {
    out.push(faults.length === 0 ? '  The mistake: no CORS configuration at all, so no answer carries CORS headers.' : `  The mistake: no CORS configuration in ${stack.name}; the headers below are written by hand.`)
  }
  else if (originPatterns(scenario).length > 0) {
    // corslab writes allow-lists, never patterns: the mistake is said, not written.
    const exact = Array.isArray(policy.origins) && policy.origins.length > 0 ? ` beside the exact origins ${policy.origins.join(', ')}` : ''
    out.push(`  The mistake: the allowed origins include the regular expression${originPatterns(scenario).length > 1 ? 's' : ''} ${originPatterns(scenario).map((r) => `/${r}/`).join(', ')}${exact}, tested against the Origin${policy.credentials ? ', with credentials' : ''}. corslab writes fixes, not patterns, so it does not write this one in ${stack.name}.`)
  }
  else {
    const open = policy.origins === 'any' ? (policy.credentials ? ' (every origin reflected, with credentials: any site can read the answers with the user\'s cookies)' : ' (every origin reflected)') : ''
    out.push(`  The mistake, written in ${stack.name}${open}:`, '', ...code(stack.configure(policy)))
  }
  // What the CORS configuration cannot say: the scenario's raw faults, and where this stack makes them.
  if (faults.length > 0) {
    const described = describePolicy({ ...scenario, policy: { faults } }).filter((l) => l.startsWith('then, '))
    out.push('', '  And outside the CORS configuration:')
    faults.forEach((fault, index) => {
      out.push(`    - ${(described[index] ?? '').replace(/^then, /, '')}`)
      const trap = faultTrap(fault)
      const text = trap === null ? undefined : stack.traps[trap]
      if (text !== undefined) out.push(`      In ${stack.name}: ${text}`)
    })
  }
  const fix = buildFix(scenarioNeed(scenario, defaultPageOrigin), stack.id)
  out.push('', `  The fix, for the probe's page on ${defaultPageOrigin} (put your page's origin there):`, '', ...code(fix.snippet ?? ''), '')
  for (const note of fix.notes) out.push(`  - ${note}`)
  return `${out.join('\n')}\n`
}
