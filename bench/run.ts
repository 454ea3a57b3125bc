// npm run bench [-- --quick] [-- --write] [-- --baseline REF]: corslab beside Fastify +
// @fastify/cors and mockttp, its start-up and memory, the engine, MSW, Playwright-fixture and journal
// figures, in one report; with --baseline, every corslab figure beside the same figure of commit REF,
// measured in the same run. Each server runs in a child process; the load (autocannon) runs here,
// so it never takes the server's event loop.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, totalmem, type } from 'node:os'
import { parseArgs } from 'node:util'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { prepareBaseline, type Baseline } from './baseline.ts'
import { spawnServer, type ServerChild } from './child.ts'
import { benchEngine } from './engine.ts'
import { benchFixture } from './fixture.ts'
import { benchJournal } from './journal.ts'
import { benchMsw } from './msw.ts'
import { load, summarize, workloads, type LoadSlice } from './load.ts'
import { measureMemory, type MemoryResult } from './memory.ts'
import {
  aimsTable,
  baselineAims,
  engineTable,
  fixtureAims,
  fixtureTable,
  journalTable,
  memoryAims,
  mswAims,
  mswTable,
  memoryTable,
  startupAims,
  startupTable,
  throughputAims,
  throughputTable,
  type Aim,
  type Compared,
  type ThroughputCell,
} from './report.ts'
import { distProblem, measureStartup, median } from './startup.ts'
import { isBase, targetList, type TargetName } from './targets.ts'
import { runNode, takingTurns } from './side-by-side.ts'
import { verifyTarget } from './verify.ts'

const usage = `Usage: npm run bench -- [options]   (or: node bench/run.ts [options])

  --quick               short run: 1 s warm-up, 3 s measured in 3 rounds, 3 start-ups, 50,000 requests for memory
  --warmup S            seconds of warm-up per server and workload (default 5; env BENCH_WARMUP)
  --duration S          seconds measured per server and workload (default 10; env BENCH_DURATION)
  --rounds N            split the measured time into N slices, servers taking turns (default 5; env BENCH_ROUNDS)
  --connections N       concurrent connections (default 16; env BENCH_CONNECTIONS)
  --memory-requests N   requests for the memory figure (default 200000; env BENCH_MEMORY_REQUESTS)
  --startup-runs N      start-ups timed (default 11; env BENCH_STARTUP_RUNS)
  --only LIST           some of: engine,msw,fixture,journal,startup,throughput,memory (comma-separated)
  --baseline REF        also measure commit REF (e.g. main) side by side, and compare each figure with it
  --fixture-tests N     tests per kind for the Playwright fixture's cost (default 40; 10 with --quick)
  --note TEXT           a line about the machine's state, written into the report
  --write               also write the report to docs/benchmarks.md
`

const sections = ['engine', 'msw', 'fixture', 'journal', 'startup', 'throughput', 'memory'] as const
type Section = (typeof sections)[number]

function settings() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      warmup: { type: 'string' },
      duration: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      'memory-requests': { type: 'string' },
      'startup-runs': { type: 'string' },
      only: { type: 'string' },
      baseline: { type: 'string' },
      'fixture-tests': { type: 'string' },
      note: { type: 'string' },
      write: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    process.stdout.write(usage)
    process.exit(0)
  }
  const quick = values.quick === true
  const number = (flag: string | undefined, env: string, normal: number, short: number, min: number) => {
    const text = flag ?? process.env[env]
    const value = text === undefined ? (quick ? short : normal) : Number(text)
    if (!Number.isFinite(value) || value < min) throw new Error(`${env.toLowerCase()}: ${JSON.stringify(text)} is not a number >= ${min}\n\n${usage}`)
    return value
  }
  const only = values.only === undefined ? [...sections] : values.only.split(',').map((s) => s.trim())
  const unknown = only.filter((s) => !(sections as readonly string[]).includes(s))
  if (unknown.length > 0) throw new Error(`--only: unknown ${unknown.join(', ')}; pick from ${sections.join(', ')}`)
  return {
    quick,
    warmup: number(values.warmup, 'BENCH_WARMUP', 5, 1, 0),
    duration: number(values.duration, 'BENCH_DURATION', 10, 3, 0.5),
    rounds: Math.round(number(values.rounds, 'BENCH_ROUNDS', 5, 3, 1)),
    connections: Math.round(number(values.connections, 'BENCH_CONNECTIONS', 16, 16, 1)),
    memoryRequests: Math.round(number(values['memory-requests'], 'BENCH_MEMORY_REQUESTS', 200_000, 50_000, 4)),
    startupRuns: Math.round(number(values['startup-runs'], 'BENCH_STARTUP_RUNS', 11, 3, 1)),
    only: new Set(only as Section[]),
    baseline: values.baseline,
    fixtureTests: Math.round(number(values['fixture-tests'], 'BENCH_FIXTURE_TESTS', 40, 10, 3)),
    note: values.note,
    write: values.write === true,
  }
}

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`)
const repo = fileURLToPath(new URL('..', import.meta.url))

// Waits until a server that just took a slice has finished with it (its CPU use over 50 ms falls
// under 10%), so that its leftovers do not fall on the next server's slice.
async function quiet(server: ServerChild): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const before = await server.cpu()
    await new Promise((resolve) => setTimeout(resolve, 50))
    if ((await server.cpu()) - before < 5000) return
  }
}

// The order of round `round`: rotated, and reversed every other round, so that each server follows
// each of the others as often (a fixed cyclic order put the same server always after mockttp).
function turnOrder<T>(servers: T[], round: number): T[] {
  const rotated = servers.map((_, i) => servers[(i + (round >> 1)) % servers.length] as T)
  return round % 2 === 1 ? rotated.reverse() : rotated
}

async function throughput(s: ReturnType<typeof settings>, baseline: Baseline | undefined): Promise<ThroughputCell[]> {
  const servers: ServerChild[] = []
  const targets = targetList(baseline?.ref)
  try {
    for (const t of targets) servers.push(await spawnServer(t.name, isBase(t.name) ? baseline?.root : undefined))
    for (const server of servers) await verifyTarget(server.name, server.port)
    const cells: ThroughputCell[] = []
    for (const workload of workloads) {
      const slices = new Map<ServerChild, LoadSlice[]>(servers.map((server) => [server, []]))
      for (const server of servers) {
        progress(`warming ${server.name} with ${workload.label} (${s.warmup} s)`)
        if (s.warmup > 0) await load(server.port, workload.requests, { connections: s.connections, seconds: s.warmup })
      }
      // Servers take turns, a slice each, the order changing, so a change in the machine's load
      // falls on all of them alike.
      for (let round = 0; round < s.rounds; round++) {
        progress(`${workload.label}: round ${round + 1} of ${s.rounds}`)
        for (const server of turnOrder(servers, round)) {
          const cpuBefore = await server.cpu()
          const slice = await load(server.port, workload.requests, { connections: s.connections, seconds: s.duration / s.rounds })
          slice.serverCpuMicros = (await server.cpu()) - cpuBefore
          slices.get(server)?.push(slice)
          await quiet(server)
        }
      }
      for (const server of servers) {
        const label = targets.find((t) => t.name === server.name)?.label ?? server.name
        cells.push({ target: server.name, label, workload: workload.name, workloadLabel: workload.label, result: summarize(slices.get(server) ?? []) })
      }
    }
    return cells
  } finally {
    await Promise.all(servers.map((server) => server.close()))
  }
}

function machine(): string[] {
  const cpu = cpus()
  return [
    `${cpu.length} CPU cores (${cpu[0]?.model.trim() ?? 'unknown model'}), ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${type()} ${release()}`,
    `Node ${process.version}; load average at the start ${loadavg().map((n) => n.toFixed(1)).join(', ')} (1, 5, 15 min)`,
  ]
}

async function main(): Promise<void> {
  const s = settings()
  const started = new Date()
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).map((a) => (/^[\w./:=,-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}` : ''}`
  const machineLines = machine()
  const aims: Aim[] = []
  const parts: string[] = []
  const section = (title: string, body: string) => parts.push(`### ${title}\n\n${body}`)

  const baseline = s.baseline === undefined ? undefined : prepareBaseline(s.baseline, progress)
  const base = baseline === undefined ? '' : `@${baseline.ref}`
  const trees = [{ label: 'this tree', root: repo }, ...(baseline === undefined ? [] : [{ label: base, root: baseline.root }])]
  // Each figure of this tree beside the baseline's, for the "no more than 10% worse" check.
  const compared: Compared[] = []

  if (s.only.has('engine')) {
    progress(`engine: simulate() per case (about 8 s per tree and run)`)
    let ours = baseline === undefined ? benchEngine() : []
    let theirs: typeof ours | undefined
    if (baseline !== undefined) {
      // Each tree's bench/engine.ts in fresh processes taking turns, the median of each case.
      const parse = (text: string) => [...text.matchAll(/^(.+?)\s{2,}([\d,]+) verdicts\/s$/gm)].map((m) => ({ name: (m[1] as string).trim(), perSecond: Number((m[2] as string).replaceAll(',', '')) }))
      const runs = await takingTurns(2, s.quick ? 1 : 3, async (i) => parse(await runNode([join((trees[i] as { root: string }).root, 'bench/engine.ts')])))
      const merged = (results: Array<ReturnType<typeof parse>>) => (results[0] ?? []).map((row) => ({ name: row.name, perSecond: median(results.map((r) => r.find((x) => x.name === row.name)?.perSecond ?? Number.NaN)) }))
      ours = merged(runs[0] ?? [])
      theirs = merged(runs[1] ?? [])
      for (const row of theirs) {
        const mine = ours.find((r) => r.name === row.name)
        if (mine !== undefined) compared.push({ figure: `engine, ${row.name}: verdicts/s`, ours: mine.perSecond, base: row.perSecond, better: 'higher' })
      }
    }
    section('Engine', engineTable(ours, theirs, base))
  }
  if (s.only.has('msw')) {
    progress('MSW: corsHandlers against a plain handler')
    const requests = s.quick ? 500 : 2000
    let msw = baseline === undefined ? await benchMsw({ requests, root: repo }) : []
    let theirs: typeof msw | undefined
    if (baseline !== undefined) {
      // Fresh processes taking turns; each tree's figure is the run with the median ratio.
      const script = fileURLToPath(new URL('./msw.ts', import.meta.url))
      const runs = await takingTurns(2, s.quick ? 1 : 3, async (i) => JSON.parse(await runNode([script, '--json', (trees[i] as { root: string }).root, String(requests)])) as typeof msw)
      const merged = (results: Array<typeof msw>) => (results[0] ?? []).map((row) => {
        const all = results.map((r) => r.find((x) => x.name === row.name) ?? row).sort((a, b) => a.ratio - b.ratio)
        return all[all.length >> 1] as (typeof msw)[number]
      })
      msw = merged(runs[0] ?? [])
      theirs = merged(runs[1] ?? [])
      for (const row of theirs) {
        const mine = msw.find((r) => r.name === row.name)
        if (mine !== undefined) compared.push({ figure: `MSW, ${row.name}: corsHandlers / plain handler`, ours: mine.ratio, base: row.ratio, better: 'lower' })
      }
    }
    aims.push(...mswAims(msw))
    section('MSW handlers', `Node's fetch through \`setupServer\`; the median time per request, the two handlers taking turns.\n\n${mswTable(msw, theirs, base)}`)
  }
  if (s.only.has('fixture')) {
    progress(`Playwright fixture: ${s.fixtureTests} tests of each kind, one worker, taking turns`)
    const fixture = await benchFixture(trees, s.fixtureTests)
    const [mine, theirs] = fixture
    if (mine !== undefined && theirs !== undefined) compared.push({ figure: "Playwright fixture, time in the fixture's steps per test (ms)", ours: mine.fixtureMs, base: theirs.fixtureMs, better: 'lower' })
    aims.push(...fixtureAims(fixture))
    section(
      'Playwright fixture',
      `One worker, Chromium; ${s.fixtureTests} tests of each kind taking turns, each opening a page and running one evaluate, ` +
        "with and without the `corslab` fixture, both from corslab's `test` (so Playwright runs them in one group, taking turns). " +
        '"cost" is the difference of the medians; "in the fixture" is the median time of the ' +
        "fixture's own set-up and teardown steps, as Playwright reports them (the same cost, less disturbed by the page's).\n\n" + fixtureTable(fixture),
    )
  }
  if (s.only.has('journal')) {
    progress('journal: cost per request kept, and per entry read')
    const journal = await benchJournal(trees)
    const [mine, theirs] = journal
    if (mine !== undefined && theirs !== undefined) {
      compared.push({ figure: 'journal, µs per request kept', ours: mine.addUs, base: theirs.addUs, better: 'lower' })
      compared.push({ figure: 'journal, µs per entry on its first read', ours: mine.readUs, base: theirs.readUs, better: 'lower' })
    }
    section(
      'Journal',
      'What the server pays to keep each request it answers (a browser-like GET and preflight under allow-all, alternating, into a full ring of 500), ' +
        "and what a reader pays the first time it reads an entry (decoding it and the engine's verdict); medians of the trees' turns.\n\n" + journalTable(journal),
    )
  }
  if (s.only.has('startup')) {
    const stale = distProblem()
    if (stale !== undefined && !existsSync(new URL('../dist/cli/main.js', import.meta.url))) throw new Error(`start-up: ${stale}`)
    progress(`start-up: ${s.startupRuns} runs of corslab serve, then startServer in process`)
    const startup = await measureStartup(s.startupRuns, trees)
    const [mine, theirs] = startup.trees
    if (mine !== undefined && theirs !== undefined) {
      compared.push({ figure: 'start-up, `corslab serve` to ready line (median ms)', ours: median(mine.cliMs), base: median(theirs.cliMs), better: 'lower' })
      compared.push({ figure: 'start-up, `startServer` to listening (median ms)', ours: median(mine.inProcessMs), base: median(theirs.inProcessMs), better: 'lower' })
    }
    aims.push(...startupAims(startup))
    section('Start-up', `${startupTable(startup)}${stale === undefined ? '' : `\n\nNote: ${stale}.`}`)
  }
  if (s.only.has('throughput')) {
    const cells = await throughput(s, baseline)
    for (const cell of cells.filter((c) => isBase(c.target))) {
      const mine = cells.find((c) => c.workload === cell.workload && `${c.target}@base` === cell.target)
      if (mine === undefined) continue
      compared.push({ figure: `${mine.label}, ${cell.workloadLabel}: req/s`, ours: mine.result.perSecond, base: cell.result.perSecond, better: 'higher' })
      compared.push({ figure: `${mine.label}, ${cell.workloadLabel}: server CPU µs/req`, ours: mine.result.cpuPerResponse, base: cell.result.cpuPerResponse, better: 'lower' })
    }
    aims.unshift(...throughputAims(cells))
    section(
      'Throughput and latency',
      `${s.connections} connections, ${s.warmup} s warm-up then ${s.duration} s measured per cell, in ${s.rounds} slices the servers take in turn ` +
        '(the order rotating and reversing from round to round, each slice after the previous server has gone quiet). ' +
        'A preflight + PUT pair counts as two requests.\n\n' + throughputTable(cells),
    )
  }
  if (s.only.has('memory')) {
    const results: MemoryResult[] = []
    const memoryTargets: TargetName[] = ['corslab', ...(baseline === undefined ? [] : ['corslab@base' as const]), 'fastify-cors']
    for (const target of memoryTargets) {
      progress(`memory: ${s.memoryRequests.toLocaleString('en-US')} requests to a fresh ${target} server`)
      results.push(await measureMemory(target, s.memoryRequests, s.connections, isBase(target) ? baseline?.root : undefined))
    }
    const corslab = results[0] as MemoryResult
    const theirs = results.find((r) => isBase(r.target))
    const growth = (r: MemoryResult) => ((r.samples.at(-1)?.rss ?? r.before.rss) - r.before.rss) / 2 ** 20
    // Growth is a few MB either way: compared with 2 MB of slack rather than a ratio of small numbers.
    if (theirs !== undefined) compared.push({ figure: 'memory, RSS growth (MB, with 2 MB of slack)', ours: growth(corslab), base: growth(theirs) + 2, better: 'lower' })
    aims.push(...memoryAims(corslab))
    section(
      'Memory',
      `corslab under allow-all with its journal on (${corslab.journalEntries ?? 0} entries kept at the end), Fastify + @fastify/cors as the control; ` +
        'read in the server process after a full GC.\n\n' + memoryTable(results, base),
    )
  }
  if (baseline !== undefined) aims.push(...baselineAims(compared, base))

  const header = [
    `Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${command}\`${s.quick ? ' (quick mode: short, rougher figures)' : ''}.`,
    '',
    ...machineLines.map((l) => `- ${l}`),
    `- load average at the end ${loadavg().map((n) => n.toFixed(1)).join(', ')}; the run took ${Math.round((Date.now() - started.getTime()) / 1000)} s`,
    ...(s.note === undefined ? [] : [`- ${s.note}`]),
    `- load generator: autocannon 9 in the parent process; each server in its own child process, on 127.0.0.1`,
    ...(baseline === undefined ? [] : [`- baseline: ${baseline.ref} (${baseline.sha.slice(0, 12)}), measured in the same run; each of its figures is marked @${baseline.ref}`]),
  ].join('\n')
  const report = [header, aims.length > 0 ? `### Aims\n\n${aimsTable(aims)}` : '', ...parts].filter(Boolean).join('\n\n')
  process.stdout.write(`\n${report}\n`)
  if (s.write) {
    const doc = new URL('../docs/benchmarks.md', import.meta.url)
    mkdirSync(new URL('.', doc), { recursive: true })
    writeFileSync(doc, documentText(report))
    progress('wrote docs/benchmarks.md')
  }
}

function documentText(report: string): string {
  return `# Benchmarks

How fast corslab starts, how much it costs per request next to the servers people would otherwise
use, and whether it holds its memory. Everything below comes from one run of \`npm run bench\`
(\`bench/run.ts\`); re-run it with \`npm run bench -- --write\` to replace this page with your
machine's figures (\`--quick\` for a rough run in about a minute, \`--help\` for the options).

## What is measured

- **Throughput and latency.** Four servers answer the same two routes (\`GET /api/items\`, the items
  as JSON with \`x-total-count\`; \`PUT /api/items/:id\`, a JSON body in, the item out): corslab under
  \`allow-all\` and under \`missing-allow-origin\` (a failing scenario: no CORS headers, the
  preflight falls through to a 404), bare Fastify with \`@fastify/cors\` set up as \`allow-all\` is,
  and mockttp with \`cors: true\`. Two workloads: a simple GET with an \`Origin\`, and a preflight
  (\`OPTIONS\` with \`Access-Control-Request-Method: PUT\` and \`-Headers: content-type\`) followed by
  the \`PUT\`, as one autocannon request sequence. The servers take turns, a slice each; the order
  rotates and reverses from round to round, and a slice starts once the previous server has gone
  quiet (in a fixed cyclic order one server always followed mockttp and took its leftover work, which
  made corslab under \`allow-all\` look 20% slower than it is). Before any load, each server's answers are
  checked (status, body, \`Access-Control-Allow-Origin\`), so the servers compared do the same work.
  Latency percentiles come from every response's time, to the microsecond. "server CPU µs/req" is
  the server process's CPU time (user + system) over the measured slices divided by its responses:
  the machine's other load disturbs it less than req/s.
- **Start-up.** \`node bin/corslab.js serve --port 0\` from spawning the process to the
  \`corslab listening on ...\` line, and \`startServer({ port: 0 })\` to listening inside a process
  that has already loaded corslab (the first of those runs is the cold one). \`bin/corslab.js\`
  turns on Node's compile cache, so a start after the first one skips compiling the modules: the
  "compile cache empty" row shows a first start, each run with a new, empty cache.
- **Memory.** A fresh corslab server (\`allow-all\`, journal on) takes the requests in four
  batches, alternating the two workloads; its RSS is read inside the server process after a full
  GC, before the first request and after each batch. Growth is the last reading minus the first.
  Fastify with \`@fastify/cors\` takes the same requests as a control. "heap total" is what V8 has
  reserved, young generation included: V8 enlarges the young generation when much of it survives
  each collection, leak or not, which is why corslab's journal keeps the last 500 requests as bytes
  outside the heap; "heap used" after a full GC is what is actually kept.
- **Engine and MSW.** \`simulate()\` verdicts per second (\`bench/engine.ts\`), and the cost of a
  request through \`corsHandlers\` against a plain MSW handler (\`bench/msw.ts\`).
- **Playwright fixture.** One worker, Chromium, 40 tests of each kind taking turns
  (\`bench/fixture.ts\`): a test that opens a page and runs one evaluate, with and without the
  \`corslab\` fixture. The cost per test is the difference of the median durations; the time in the
  fixture's own set-up and teardown steps, as Playwright reports them to a reporter, is the same cost
  measured inside the test, which the page's own cost disturbs less.
- **Journal.** What the server pays to keep each request it answers (\`journal.add\` of a
  browser-like GET and preflight, on the serving path), and what a reader pays the first time it reads
  an entry (decoding it and running the engine for its verdict), in \`bench/journal.ts\`.
- **Against another commit.** With \`--baseline REF\` (\`npm run bench -- --baseline main\`), every
  corslab figure is measured for commit REF too, in the same run (its servers beside this tree's in
  the same rounds; its engine, MSW and journal figures in fresh processes taking turns with this
  tree's, since in one process whichever runs first is favoured), and the aims table says whether
  any figure is more than 10% worse than the baseline's.

The machine matters more than usual here: the load generator and the server share its cores, and a
busy machine lowers every figure. Compare figures within one run, not across runs.

## Results

${report}
`
}

try {
  await main()
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n`)
  process.exitCode = 1
}
