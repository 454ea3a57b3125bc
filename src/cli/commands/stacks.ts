import { stacks as all } from '../../stacks/index.ts'
import { parseFlags } from '../args.ts'
import type { CliIo } from '../io.ts'
import { stacksUsage } from '../usage.ts'

export function stacks(argv: string[], io: CliIo): number {
  const { values } = parseFlags('stacks', argv, { json: { type: 'boolean' } })
  if (values.help) {
    io.stdout(stacksUsage)
    return 0
  }
  const rows = all.map((s) => ({ id: s.id, name: s.name, aliases: s.aliases, proven: s.proof.proven, proof: s.proof.proven ? s.proof.how : s.proof.why }))
  if (values.json) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`)
    return 0
  }
  const idWidth = Math.max(...rows.map((r) => r.id.length))
  const nameWidth = Math.max(...rows.map((r) => r.name.length))
  const out = rows.map((r) => `${r.id.padEnd(idWidth)}  ${r.name.padEnd(nameWidth)}  ${r.proven ? 'proven' : 'not proven'}: ${r.proof}`)
  const proven = rows.filter((r) => r.proven).length
  out.push('', `${proven} of ${rows.length} fixes are proven by the test suite: a real app of the stack, blocked in real Chromium, then allowed once the printed fix is in.`)
  out.push('Use one with: corslab check URL --origin O --stack ID   or   corslab explain SCENARIO --stack ID')
  io.stdout(`${out.join('\n')}\n`)
  return 0
}
