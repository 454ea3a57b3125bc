import { browsers, suggestFix, type BrowserName } from '../../engine/index.ts'
import { getScenario } from '../../scenarios/catalog.ts'
import { describeExpectation } from '../../scenarios/describe.ts'
import type { Scenario } from '../../scenarios/types.ts'
import { defaultApiUrl, defaultPageOrigin, probeRequest, simulateProbe, type ProbeOptions, type ProbeResult } from '../../shared/probe.ts'
import { mockApiRoute } from '../../shared/mock-api.ts'
import { parseFlags, text } from '../args.ts'
import { catalogWith } from '../catalog-flag.ts'
import { describeHeaders, describePolicy } from '../describe.ts'
import type { CliIo } from '../io.ts'
import { explainUsage } from '../usage.ts'
import { CorslabError } from '../../errors.ts'
import { isInsecure } from '../../scenarios/security.ts'
import { localNetworkText, localNetworkTopic } from './explain-local-network.ts'
import { explainInStack } from './explain-stack.ts'
import { stackFlag } from '../flags.ts'
import { wrap } from '../wrap.ts'

const paragraph = (text: string) => wrap(text).join('\n')

function indentLines(lines: string[], indent = '    '): string {
  return lines.map((l) => indent + l).join('\n')
}

export function explainText(scenario: Scenario, scenarios: readonly Scenario[]): string {
  const options: ProbeOptions = { route: mockApiRoute(), scenarios }
  const { probe } = scenario
  const out: string[] = [`${scenario.name}: ${scenario.title}`, '', paragraph(scenario.summary), '']
  if (scenario.security !== undefined) {
    const { finding, severity, note } = scenario.security
    out.push(`${isInsecure(severity) ? 'Insecure in production' : 'Security'}: ${finding} (${severity}).`, paragraph(note), '')
  }
  out.push('What the server does:', ...describePolicy(scenario).map((l) => `  ${l}`), '')
  out.push(`The probe (a page on ${defaultPageOrigin} calling the API on ${defaultApiUrl}, another origin):`)
  out.push(`  fetch('${defaultApiUrl}${probe.path}', { method: '${probe.method}'${probe.headers ? `, headers: ${JSON.stringify(probe.headers)}` : ''}${probe.credentials ? `, credentials: '${probe.credentials}'` : ''} })`)
  if (probe.readHeaders) out.push(`  then reads the response headers ${probe.readHeaders.join(', ')}`)
  if (probe.repeat !== undefined && probe.repeat > 1) out.push(`  ${probe.repeat} times`)
  out.push('')

  // The answers shown are those the server gives while Chromium runs the probe.
  const results = new Map<BrowserName, ProbeResult>()
  let engineError: string | undefined
  try {
    for (const browser of browsers as BrowserName[]) results.set(browser, simulateProbe(scenario, browser, options))
  } catch (error) {
    engineError = (error as Error).message
  }
  const answers = results.get('chromium')?.answers ?? []
  const hops = new Set(answers.map((a) => a.hop)).size
  for (const a of answers) {
    const where = hops > 1 ? ` (URL ${a.hop + 1}: ${a.url})` : ''
    out.push(`The server answers the ${a.kind === 'preflight' ? 'preflight' : 'request'}${where} with ${a.status}:`, indentLines(describeHeaders(a.headers)))
  }
  if (answers.length > 0) out.push('')

  out.push('What each browser does:')
  const fixes = new Set<string>()
  for (const browser of browsers as BrowserName[]) {
    const expected = scenario.expect[browser]
    out.push(`  ${browser}: ${describeExpectation(expected)}`)
    const verdict = results.get(browser)?.verdict
    if (verdict === undefined) continue
    if (verdict.message !== undefined) out.push(verdict.message.split('\n').map((l) => `    ${l}`).join('\n'))
    const fix = suggestFix(verdict, probeRequest(scenario))
    if (fix !== null) fixes.add(fix.text)
    if (verdict.outcome !== expected.outcome || verdict.reason !== expected.reason) {
      out.push(`    (the engine predicts ${verdict.outcome}${verdict.reason ? ` (${verdict.reason})` : ''}, unlike the scenario's expectation)`)
    }
  }
  if (engineError !== undefined) out.push(`  (the engine could not simulate the probe: ${engineError})`)
  out.push('', 'How to fix the server:')
  // The scenario's own advice knows the mistake behind it; the engine's (the header and value to
  // send, for the answer the browser refused) says it again in other words, so it is the fallback.
  if (scenario.fix !== undefined) out.push(paragraph(scenario.fix))
  else for (const text of fixes) out.push(paragraph(text))
  if (scenario.fix === undefined && fixes.size === 0) out.push('  Nothing to fix: every browser allows the probe.')
  return `${out.join('\n')}\n`
}

export function explain(argv: string[], io: CliIo): number {
  const { values, positionals } = parseFlags('explain', argv, { scenarios: { type: 'string' }, stack: { type: 'string' } }, 1)
  if (values.help) {
    io.stdout(explainUsage)
    return 0
  }
  const name = positionals[0]
  if (name === undefined) throw new CorslabError('E_USAGE', 'corslab explain: which scenario? Give its name, as in corslab explain missing-allow-origin (corslab list shows them).')
  const stack = stackFlag('explain', text(values.stack))
  const scenarios = catalogWith(text(values.scenarios))
  // A topic, not a scenario: the browser refuses whatever the server answers. A scenario of that name wins.
  if (name === localNetworkTopic && !scenarios.some((s) => s.name === name)) {
    if (stack !== null) throw new CorslabError('E_USAGE', `corslab explain ${localNetworkTopic}: --stack does not apply: no server header changes what the browser does.`)
    io.stdout(localNetworkText())
    return 0
  }
  const scenario = getScenario(name, scenarios)
  io.stdout(explainText(scenario, scenarios))
  if (stack !== null) io.stdout(`\n${explainInStack(scenario, stack)}`)
  return 0
}
