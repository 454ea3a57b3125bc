// The report: Markdown tables padded to line up, so the terminal and docs/benchmarks.md show the same text.
import type { FixtureBenchResult } from './fixture.ts'
import type { JournalBenchResult } from './journal.ts'
import type { LoadResult, WorkloadName } from './load.ts'
import type { MemoryResult } from './memory.ts'
import type { MswBenchResult } from './msw.ts'
import { median, type StartupResult } from './startup.ts'
import { counterpart, isBase, isCorslab, targetList, type TargetName } from './targets.ts'

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
  const withBase = cells.some((c) => isBase(c.target))
  const rows = cells.map((c) => {
    const fastify = find('fastify-cors', c.workload)
    const mockttp = find('mockttp', c.workload)
    const corslab = isCorslab(c.target)
    const vs = (other: LoadResult | undefined) => (corslab && other !== undefined && other.perSecond > 0 ? ratio(c.result.perSecond / other.perSecond) : '')
    const r = c.result
    const row = [c.workloadLabel, c.label, int(r.perSecond), ms(r.p50), ms(r.p90), ms(r.p99), int(r.cpuPerResponse), statusText(r.statuses), String(r.errors), vs(fastify), vs(mockttp)]
    if (withBase) row.push(corslab && !isBase(c.target) ? vs(find(counterpart(c.target), c.workload)) : '')
    return row
  })
  return table(
    ['Workload', 'Server', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'server CPU µs/req', 'statuses', 'errors', 'vs Fastify+cors', 'vs mockttp', ...(withBase ? ['vs baseline'] : [])],
    rows,
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r'],
  )
}

export function throughputAims(cells: ThroughputCell[]): Aim[] {
  const aims: Aim[] = []
  for (const c of cells) {
    if (!isCorslab(c.target) || isBase(c.target)) continue
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
  const rows: string[][] = []
  for (const tree of result.trees) {
    const of = tree.label === 'this tree' ? '' : ` ${tree.label}`
    rows.push(
      row(`\`corslab serve --port 0\`${of}: spawn to ready line`, tree.cliMs),
      row(`the same${of}, compile cache empty (first start after an install)`, tree.coldCliMs),
      row(`\`startServer({ port: 0 })\`${of} to listening (first run cold)`, tree.inProcessMs),
    )
  }
  rows.push(row('for scale: `node -e \'\'`, spawn to exit', result.nodeMs))
  return table(['Start-up', 'runs', 'median ms', 'min ms', 'max ms'], rows, ['l', 'r', 'r', 'r', 'r'])
}

export function startupAims(result: StartupResult): Aim[] {
  const tree = result.trees[0]
  if (tree === undefined) return []
  const cli = median(tree.cliMs)
  const inProcess = median(tree.inProcessMs)
  return [
    { figure: 'start-up, `corslab serve` to ready line (median)', measured: `${ms(cli)} ms`, aim: '< 300 ms', met: cli < 300 },
    { figure: 'start-up, `startServer` to listening (median)', measured: `${ms(inProcess)} ms`, aim: '< 50 ms', met: inProcess < 50 },
  ]
}

export function memoryTable(results: MemoryResult[], base = ''): string {
  const label = (target: TargetName) => targetList(base.replace(/^@/, '')).find((t) => t.name === target)?.label ?? target
  const head = ['Requests served', ...results.flatMap((r) => [`${label(r.target)}: RSS`, 'heap total', 'heap used'])]
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

export function engineTable(rows: Array<{ name: string, perSecond: number }>, base?: Array<{ name: string, perSecond: number }>, baseLabel = ''): string {
  const head = ['Engine case (`simulate`, Chromium)', 'verdicts/s', ...(base === undefined ? [] : [`${baseLabel} verdicts/s`, 'vs baseline'])]
  return table(head, rows.map((r) => {
    const theirs = base?.find((b) => b.name === r.name)
    return [r.name, int(r.perSecond), ...(base === undefined ? [] : [int(theirs?.perSecond ?? Number.NaN), theirs === undefined ? '' : ratio(r.perSecond / theirs.perSecond)])]
  }), ['l', 'r', 'r', 'r'])
}

export function mswTable(rows: MswBenchResult[], base?: MswBenchResult[], baseLabel = ''): string {
  const all = [...rows.map((r) => ({ ...r, tree: '' })), ...(base ?? []).map((r) => ({ ...r, tree: baseLabel }))]
  return table(
    ['Route', ...(base === undefined ? [] : ['tree']), 'plain MSW handler µs/req', 'behind corsHandlers µs/req', 'ratio'],
    all.map((r) => [r.name, ...(base === undefined ? [] : [r.tree || 'this tree']), int(r.plainUs), int(r.corsUs), ratio(r.ratio)]),
    ['l', ...(base === undefined ? [] : ['l' as const]), 'r', 'r', 'r'],
  )
}

export function fixtureTable(rows: FixtureBenchResult[]): string {
  return table(
    ['Tree', 'tests', 'with `corslab` ms (median)', 'without ms (median)', 'cost ms per test', "in the fixture's steps ms (median)"],
    rows.map((r) => [r.label, String(r.tests), ms(r.corslabMs), ms(r.plainMs), ms(r.costMs), ms(r.fixtureMs)]),
    ['l', 'r', 'r', 'r', 'r', 'r'],
  )
}

export function fixtureAims(rows: FixtureBenchResult[]): Aim[] {
  const mine = rows[0]
  if (mine === undefined) return []
  return [
    { figure: 'Playwright fixture, cost per test (difference of medians)', measured: `${ms(mine.costMs)} ms`, aim: '< 5 ms', met: mine.costMs < 5 },
    { figure: "Playwright fixture, time in the fixture's steps per test (median)", measured: `${ms(mine.fixtureMs)} ms`, aim: '< 5 ms', met: mine.fixtureMs < 5 },
  ]
}

export function journalTable(rows: JournalBenchResult[]): string {
  return table(
    ['Tree', 'µs per request kept (serving path)', 'µs per entry, first read (with its verdict)'],
    rows.map((r) => [r.label, r.addUs.toFixed(2), r.readUs.toFixed(1)]),
    ['l', 'r', 'r'],
  )
}

/** A figure of this tree beside the baseline's; `better` says which way is better. */
export interface Compared {
  figure: string
  ours: number
  base: number
  better: 'higher' | 'lower'
}

/** No figure more than 10% worse than the baseline's, measured in the same run. */
export function baselineAims(compared: Compared[], baseLabel: string): Aim[] {
  const shown = (n: number) => (Math.abs(n) >= 100 ? int(n) : n.toFixed(2))
  return compared.map((c) => {
    const change = c.ours / c.base - 1
    const met = c.better === 'higher' ? c.ours >= c.base * 0.9 : c.ours <= c.base * 1.1
    const sign = change >= 0 ? '+' : '-'
    return {
      figure: `${c.figure}: this tree against ${baseLabel} (${c.better} is better)`,
      measured: `${shown(c.ours)} vs ${shown(c.base)} (${sign}${Math.abs(change * 100).toFixed(0)}%)`,
      aim: c.better === 'higher' ? '>= 0.9x baseline' : '<= 1.1x baseline',
      met,
    }
  })
}
export function mswAims(rows: MswBenchResult[]): Aim[] {
  return rows.map((r) => ({ figure: `MSW, ${r.name}: corsHandlers vs a plain handler`, measured: ratio(r.ratio), aim: '<= 1.5x', met: r.ratio <= 1.5 }))
}

export function aimsTable(aims: Aim[]): string {
  return table(['Aim', 'measured', 'aim', 'met'], aims.map((a) => [a.figure, a.measured, a.aim, a.met === undefined ? 'n/a' : a.met ? 'yes' : '**no**']))
}
