import type { BrowserName, HeaderList } from '../engine/index.ts'
import { describeExpectation } from '../scenarios/describe.ts'
import type { Fault, Scenario } from '../scenarios/types.ts'

/** One column for all three browsers when they agree, else one per browser. */
export function describeExpectations(scenario: Scenario): string {
  const all = (['chromium', 'firefox', 'webkit'] as BrowserName[]).map((b) => describeExpectation(scenario.expect[b]))
  if (all.every((d) => d === all[0])) return all[0] ?? ''
  return `chromium: ${all[0]}; firefox: ${all[1]}; webkit: ${all[2]}`
}

function describeWhen(fault: Fault): string {
  const when = fault.when
  if (when === undefined) return 'on every answer'
  const parts: string[] = []
  if (when.preflight === true) parts.push('preflights')
  if (when.preflight === false) parts.push('requests other than preflights')
  if (when.method !== undefined) parts.push([when.method].flat().join('/'))
  // A fault keyed on path or status alone still needs a noun: "on answers with status 4xx".
  if (parts.length === 0) parts.push('answers')
  if (when.path !== undefined) parts.push(`to ${when.path}`)
  if (when.status !== undefined) parts.push(`with status ${[when.status].flat().join(' or ')}`)
  return `on ${parts.join(' ')}`
}

function describeFault(fault: Fault): string {
  const actions: string[] = []
  if (fault.status !== undefined) actions.push(`status ${fault.status}`)
  if (fault.remove !== undefined) actions.push(`remove ${fault.remove.join(', ')}`)
  for (const [name, value] of Object.entries(fault.set ?? {})) actions.push(`set ${name}: ${[value].flat().join(' | ')}`)
  for (const [name, value] of Object.entries(fault.add ?? {})) actions.push(`add another ${name}: ${[value].flat().join(' | ')}`)
  if (fault.delay !== undefined) actions.push(`wait ${fault.delay} ms`)
  return `${describeWhen(fault)}: ${actions.join('; ')}`
}

export function describePolicy(scenario: Scenario): string[] {
  const { cors, faults } = scenario.policy
  const lines: string[] = []
  if (cors === undefined) lines.push('no CORS layer at all')
  else {
    // An origin pattern reads as the RegExp it stands for.
    const pattern = (v: unknown): v is { regex: string } => typeof v === 'object' && v !== null && 'regex' in v
    const shown = (v: unknown): string => pattern(v) ? `/${v.regex}/`
      : Array.isArray(v) && v.some(pattern) ? `[${v.map(shown).join(', ')}]` : JSON.stringify(v)
    const options = Object.entries(cors).map(([k, v]) => `${k}: ${shown(v)}`)
    lines.push(`@fastify/cors with ${options.length === 0 ? 'its defaults' : options.join(', ')}`)
  }
  for (const fault of faults ?? []) lines.push(`then, ${describeFault(fault)}`)
  return lines
}

// Content-Length is the server's business, not the scenario's.
export function describeHeaders(headers: HeaderList): string[] {
  return headers.filter(([n]) => n.toLowerCase() !== 'content-length').map(([n, v]) => `${n}: ${v}`)
}
