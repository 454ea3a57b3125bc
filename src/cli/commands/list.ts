import { catalogWith } from '../catalog-flag.ts'
import { parseFlags, text } from '../args.ts'
import { describeExpectations } from '../describe.ts'
import { describeProbe } from '../../scenarios/describe.ts'
import type { CliIo } from '../io.ts'
import { listUsage } from '../usage.ts'
import { isInsecure } from '../../scenarios/security.ts'

export function list(argv: string[], io: CliIo): number {
  const { values } = parseFlags('list', argv, { json: { type: 'boolean' }, scenarios: { type: 'string' } })
  if (values.help) {
    io.stdout(listUsage)
    return 0
  }
  const scenarios = catalogWith(text(values.scenarios))
  if (values.json) {
    const rows = scenarios.map(({ name, title, summary, probe, expect, security }) => ({ name, title, summary, probe, expect, ...(security === undefined ? {} : { security }) }))
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`)
    return 0
  }
  const width = Math.max(...scenarios.map((s) => s.name.length))
  for (const s of scenarios) {
    // The verdict is the probe's: the request is shown with it, since another request may pass.
    io.stdout(`${s.name.padEnd(width)}  ${s.title}\n${' '.repeat(width)}  ${describeProbe(s.probe)} -> ${describeExpectations(s)}\n`)
    if (s.security !== undefined) {
      const mark = isInsecure(s.security.severity) ? '!! insecure in production' : 'security'
      io.stdout(`${' '.repeat(width)}  ${mark}: ${s.security.finding} (${s.security.severity})\n`)
    }
  }
  const insecure = scenarios.filter((s) => s.security !== undefined && isInsecure(s.security.severity)).length
  io.stdout(`\n${scenarios.length} scenarios, each with its probe (the request a page makes to show it) and what the browsers do with it; ${insecure} of them insecure in production (corslab audit flags them).\ncorslab explain NAME tells more; corslab serve --scenario NAME serves one.\n`)
  return 0
}
