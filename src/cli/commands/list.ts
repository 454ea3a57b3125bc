import { catalogWith } from '../catalog-flag.ts'
import { parseFlags, text } from '../args.ts'
import { describeExpectations } from '../describe.ts'
import { describeProbe } from '../../scenarios/index.ts'
import type { CliIo } from '../io.ts'
import { listUsage } from '../usage.ts'

export function list(argv: string[], io: CliIo): number {
  const { values } = parseFlags('list', argv, { json: { type: 'boolean' }, scenarios: { type: 'string' } })
  if (values.help) {
    io.stdout(listUsage)
    return 0
  }
  const scenarios = catalogWith(text(values.scenarios))
  if (values.json) {
    const rows = scenarios.map(({ name, title, summary, probe, expect }) => ({ name, title, summary, probe, expect }))
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`)
    return 0
  }
  const width = Math.max(...scenarios.map((s) => s.name.length))
  for (const s of scenarios) {
    // The verdict is the probe's: the request is shown with it, since another request may pass.
    io.stdout(`${s.name.padEnd(width)}  ${s.title}\n${' '.repeat(width)}  ${describeProbe(s.probe)} -> ${describeExpectations(s)}\n`)
  }
  io.stdout(`\n${scenarios.length} scenarios, each with its probe (the request a page makes to show it) and what the browsers do with it.\ncorslab explain NAME tells more; corslab serve --scenario NAME serves one.\n`)
  return 0
}
