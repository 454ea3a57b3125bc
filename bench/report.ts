// The report: Markdown tables padded to line up, so the terminal and docs/benchmarks.md show the same text.
import type { LoadResult, WorkloadName } from './load.ts'
import type { MemoryResult } from './memory.ts'
import type { MswBenchResult } from './msw.ts'
import { median, type StartupResult } from './startup.ts'
import { targetLabel, type TargetName } from './targets.ts'

export function table(head: string[], rows: string[][], align: Array<'l' | 'r'> = []): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const cell = (text: string, i: number) => (align[i] === 'r' ? text.padStart(widths[i] as number) : text.padEnd(widths[i] as number))
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`
  const rule = `| ${widths.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`
  return [line(head), rule, ...rows.map(line)].join('\n')
}

export const int = (n: number): string => (Number.isNaN(n) ? 'n/a' : Math.round(n).toLocaleString('en-US'))
export const ms = (n: number): string => (Number.isNaN(n) ? 'n/a' : n < 10 ? n.toFixed(2) : n.toFixed(1))
export const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`
export const ratio = (n: number): string => `${n.toFixed(2)}x`

export interface ThroughputCell {
  target: TargetName
  label: string
  workload: WorkloadName
  workloadLabel: string
  result: LoadResult
}

export interface Aim {
  figure: string
  measured: string
  aim: string
  met: boolean | undefined
}

const statusText = (statuses: Record<string, number>) => Object.keys(statuses).sort().join(', ') || 'none'

export function throughputTable(cells: ThroughputCell[]): string {
  const find = (target: TargetName, workload: WorkloadName) => cells.find((c) => c.target === target && c.workload === workload)?.result
  const rows = cells.map((c) => {
    const fastify = find('fastify-cors', c.workload)
    const mockttp = find('mockttp', c.workload)
    const corslab = c.target.startsWith('corslab')
    const vs = (other: LoadResult | undefined) => (corslab && other !== undefined && other.perSecond > 0 ? ratio(c.result.perSecond / other.perSecond) : '')
    const r = c.result
    return [c.workloadLabel, c.label, int(r.perSecond), ms(r.p50), ms(r.p90), ms(r.p99), int(r.cpuPerResponse), statusText(r.statuses), String(r.errors), vs(fastify), vs(mockttp)]
  })
  return table(
    ['Workload', 'Server', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'server CPU µs/req', 'statuses', 'errors', 'vs Fastify+cors', 'vs mockttp'],
    rows,
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r'],
  )
}

export function throughputAims(cells: ThroughputCell[]): Aim[] {
  const aims: Aim[] = []
  for (const c of cells) {
    if (!c.target.startsWith('corslab')) continue
    const against = (target: TargetName, name: string, min: number) => {
      const other = cells.find((o) => o.target === target && o.workload === c.workload)?.result
      if (other === undefined || other.perSecond === 0) return
      const value = c.result.perSecond / other.perSecond
      aims.push({ figure: `${c.label}, ${c.workloadLabel}: throughput vs ${name}`, measured: ratio(value), aim: `>= ${min}x`, met: value >= min })
    }
    against('fastify-cors', 'Fastify + @fastify/cors', 0.85)
    against('mockttp', 'mockttp', 3)
  }
  return aims
}

export function startupTable(result: StartupResult): string {
  const row = (what: string, values: number[]) => [what, String(values.length), ms(median(values)), ms(Math.min(...values)), ms(Math.max(...values))]
  return table(
    ['Start-up', 'runs', 'median ms', 'min ms', 'max ms'],
    [
      row('`corslab serve --port 0`: spawn to ready line', result.cliMs),
      row('the same, compile cache empty (first start after an install)', result.coldCliMs),
      row('for scale: `node -e \'\'`, spawn to exit', result.nodeMs),
      row('`startServer({ port: 0 })` to listening (first run cold)', result.inProcessMs),
    ],
    ['l', 'r', 'r', 'r', 'r'],
  )
}

export function startupAims(result: StartupResult): Aim[] {
  const cli = median(result.cliMs)
  const inProcess = median(result.inProcessMs)
  return [
    { figure: 'start-up, `corslab serve` to ready line (median)', measured: `${ms(cli)} ms`, aim: '< 300 ms', met: cli < 300 },
    { figure: 'start-up, `startServer` to listening (median)', measured: `${ms(inProcess)} ms`, aim: '< 50 ms', met: inProcess < 50 },
  ]
}

export function memoryTable(results: MemoryResult[]): string {
  const head = ['Requests served', ...results.flatMap((r) => [`${targetLabel(r.target)}: RSS`, 'heap total', 'heap used'])]
  const first = results[0]
  if (first === undefined) return ''
  const rows = [['0 (after start)', ...results.flatMap((r) => [mb(r.before.rss), mb(r.before.heapTotal), mb(r.before.heapUsed)])]]
  first.samples.forEach((sample, i) => {
    rows.push([int(sample.after), ...results.flatMap((r) => {
      const s = r.samples[i]
      return s === undefined ? ['', '', ''] : [`${mb(s.rss)} (${signedMb(s.rss - r.before.rss)})`, mb(s.heapTotal), mb(s.heapUsed)]
    })])
  })
  return table(head, rows, head.map(() => 'r'))
}

const signedMb = (bytes: number) => `${bytes < 0 ? '-' : '+'}${mb(Math.abs(bytes))}`

export function memoryAims(result: MemoryResult): Aim[] {
  // Flat: no growth to speak of over the second half of the requests, whatever the first half took.
  const half = result.samples[(result.samples.length >> 1) - 1]
  const last = result.samples.at(-1)
  if (half === undefined || last === undefined) return []
  const growth = last.rss - result.before.rss
  const late = last.rss - half.rss
  return [
    { figure: `memory, RSS growth over ${int(result.requests)} requests (journal on)`, measured: signedMb(growth), aim: '< 30 MB', met: growth < 30 * 2 ** 20 },
    { figure: `memory, RSS growth from ${int(half.after)} to ${int(last.after)} requests`, measured: signedMb(late), aim: 'flat (< 5 MB)', met: late < 5 * 2 ** 20 },
  ]
}

export function engineTable(rows: Array<{ name: string, perSecond: number }>): string {
  return table(['Engine case (`simulate`, Chromium)', 'verdicts/s'], rows.map((r) => [r.name, int(r.perSecond)]), ['l', 'r'])
}

export function mswTable(rows: MswBenchResult[]): string {
  return table(
    ['Route', 'plain MSW handler µs/req', 'behind corsHandlers µs/req', 'ratio'],
    rows.map((r) => [r.name, int(r.plainUs), int(r.corsUs), ratio(r.ratio)]),
    ['l', 'r', 'r', 'r'],
  )
}

export function mswAims(rows: MswBenchResult[]): Aim[] {
  return rows.map((r) => ({ figure: `MSW, ${r.name}: corsHandlers vs a plain handler`, measured: ratio(r.ratio), aim: '<= 1.5x', met: r.ratio <= 1.5 }))
}

export function aimsTable(aims: Aim[]): string {
  return table(['Aim', 'measured', 'aim', 'met'], aims.map((a) => [a.figure, a.measured, a.aim, a.met === undefined ? 'n/a' : a.met ? 'yes' : '**no**']))
}
