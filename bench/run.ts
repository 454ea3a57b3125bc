// npm run bench [-- --quick] [-- --write]: corslab beside Fastify + @fastify/cors and mockttp, its
// start-up and memory, and the engine and MSW figures, in one report. Each server runs in a child
// process; the load (autocannon) runs here, so it never takes the server's event loop.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, totalmem, type } from 'node:os'
import { parseArgs } from 'node:util'
import { spawnServer, type ServerChild } from './child.ts'
import { benchEngine } from './engine.ts'
import { benchMsw } from './msw.ts'
import { load, summarize, workloads, type LoadSlice } from './load.ts'
import { measureMemory, type MemoryResult } from './memory.ts'
import { aimsTable, engineTable, memoryAims, mswAims, mswTable, memoryTable, startupAims, startupTable, throughputAims, throughputTable, type Aim, type ThroughputCell } from './report.ts'
import { distProblem, measureStartup } from './startup.ts'
import { targets } from './targets.ts'
import { verifyTarget } from './verify.ts'

const usage = `Usage: npm run bench -- [options]   (or: node bench/run.ts [options])

  --quick               short run: 1 s warm-up, 3 s measured in 3 rounds, 3 start-ups, 50,000 requests for memory
  --warmup S            seconds of warm-up per server and workload (default 5; env BENCH_WARMUP)
  --duration S          seconds measured per server and workload (default 10; env BENCH_DURATION)
  --rounds N            split the measured time into N slices, servers taking turns (default 5; env BENCH_ROUNDS)
  --connections N       concurrent connections (default 16; env BENCH_CONNECTIONS)
  --memory-requests N   requests for the memory figure (default 200000; env BENCH_MEMORY_REQUESTS)
  --startup-runs N      start-ups timed (default 11; env BENCH_STARTUP_RUNS)
  --only LIST           some of: engine,msw,startup,throughput,memory (comma-separated)
  --note TEXT           a line about the machine's state, written into the report
  --write               also write the report to docs/benchmarks.md
`

const sections = ['engine', 'msw', 'startup', 'throughput', 'memory'] as const
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
    note: values.note,
    write: values.write === true,
  }
}

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`)

async function throughput(s: ReturnType<typeof settings>): Promise<ThroughputCell[]> {
  const servers: ServerChild[] = []
  try {
    for (const t of targets) servers.push(await spawnServer(t.name))
    for (const server of servers) await verifyTarget(server.name, server.port)
    const cells: ThroughputCell[] = []
    for (const workload of workloads) {
      const slices = new Map<ServerChild, LoadSlice[]>(servers.map((server) => [server, []]))
      for (const server of servers) {
        progress(`warming ${server.name} with ${workload.label} (${s.warmup} s)`)
        if (s.warmup > 0) await load(server.port, workload.requests, { connections: s.connections, seconds: s.warmup })
      }
      // Servers take turns, a slice each, the order rotating, so a change in the machine's load
      // falls on all of them alike.
      for (let round = 0; round < s.rounds; round++) {
        progress(`${workload.label}: round ${round + 1} of ${s.rounds}`)
        for (let i = 0; i < servers.length; i++) {
          const server = servers[(i + round) % servers.length] as ServerChild
          const cpuBefore = await server.cpu()
          const slice = await load(server.port, workload.requests, { connections: s.connections, seconds: s.duration / s.rounds })
          slice.serverCpuMicros = (await server.cpu()) - cpuBefore
          slices.get(server)?.push(slice)
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

  if (s.only.has('engine')) {
    progress('engine: simulate() per case (about 8 s)')
    section('Engine', engineTable(benchEngine()))
  }
  if (s.only.has('msw')) {
    progress('MSW: corsHandlers against a plain handler')
    const msw = await benchMsw(s.quick ? { requests: 500 } : {})
    aims.push(...mswAims(msw))
    section('MSW handlers', `Node's fetch through \`setupServer\`; the median time per request, the two handlers taking turns.\n\n${mswTable(msw)}`)
  }
  if (s.only.has('startup')) {
    const stale = distProblem()
    if (stale !== undefined && !existsSync(new URL('../dist/cli/main.js', import.meta.url))) throw new Error(`start-up: ${stale}`)
    progress(`start-up: ${s.startupRuns} runs of corslab serve, then startServer in process`)
    const startup = await measureStartup(s.startupRuns)
    aims.push(...startupAims(startup))
    section('Start-up', `${startupTable(startup)}${stale === undefined ? '' : `\n\nNote: ${stale}.`}`)
  }
  if (s.only.has('throughput')) {
    const cells = await throughput(s)
    aims.unshift(...throughputAims(cells))
    section(
      'Throughput and latency',
      `${s.connections} connections, ${s.warmup} s warm-up then ${s.duration} s measured per cell, in ${s.rounds} slices the servers take in turn. ` +
        'A preflight + PUT pair counts as two requests.\n\n' + throughputTable(cells),
    )
  }
  if (s.only.has('memory')) {
    const results: MemoryResult[] = []
    for (const target of ['corslab', 'fastify-cors'] as const) {
      progress(`memory: ${s.memoryRequests.toLocaleString('en-US')} requests to a fresh ${target} server`)
      results.push(await measureMemory(target, s.memoryRequests, s.connections))
    }
    const corslab = results[0] as MemoryResult
    aims.push(...memoryAims(corslab))
    section(
      'Memory',
      `corslab under allow-all with its journal on (${corslab.journalEntries ?? 0} entries kept at the end), Fastify + @fastify/cors as the control; ` +
        'read in the server process after a full GC.\n\n' + memoryTable(results),
    )
  }

  const header = [
    `Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${command}\`${s.quick ? ' (quick mode: short, rougher figures)' : ''}.`,
    '',
    ...machineLines.map((l) => `- ${l}`),
    `- load average at the end ${loadavg().map((n) => n.toFixed(1)).join(', ')}; the run took ${Math.round((Date.now() - started.getTime()) / 1000)} s`,
    ...(s.note === undefined ? [] : [`- ${s.note}`]),
    `- load generator: autocannon 9 in the parent process; each server in its own child process, on 127.0.0.1`,
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
  the \`PUT\`, as one autocannon request sequence. Before any load, each server's answers are
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
