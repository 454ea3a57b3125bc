/**
 * Records what real browsers do for every ground-truth case.
 *
 *   node_modules/.bin/node test/ground-truth/record.ts [chromium|firefox|webkit|all ...] [--only TEXT] [--missing] [--settle MS]
 *
 * Writes test/ground-truth/observed/<browser>.json (case name -> Observation, in case order).
 * With --only, just the cases whose name contains TEXT run, and they are merged into the file;
 * with --missing, just the cases the browser's file does not hold yet.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { browserNames, launch, type BrowserName, type BrowserPage, type BrowserSession } from '../support/browsers/index.ts'
import type { GroundTruthCase, Observation } from './case.ts'
import { cases } from './cases.ts'
import { runCase } from './observe.ts'
import { startReplayServer, type ReplayServer } from './replay-server.ts'

const observedDir = fileURLToPath(new URL('./observed/', import.meta.url))
const caseTimeoutMs = 60_000

function parseArgs(argv: string[]): { browsers: BrowserName[]; only: string | null; missing: boolean; settleMs: number } {
  const browsers: BrowserName[] = []
  let only: string | null = null
  let missing = false
  let settleMs = 300
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    if (a === '--only') only = argv[++i] ?? ''
    else if (a === '--missing') missing = true
    else if (a === '--settle') settleMs = Number(argv[++i])
    else if (a === 'all') browsers.push(...browserNames)
    else if ((browserNames as readonly string[]).includes(a)) browsers.push(a as BrowserName)
    else throw new Error(`unknown argument ${a}: expected chromium, firefox, webkit, all, --only TEXT, --missing or --settle MS`)
  }
  return { browsers: browsers.length ? [...new Set(browsers)] : [...browserNames], only, missing, settleMs }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)
    }),
  ])
}

function summarize(o: Observation): string {
  const preflights = o.requests.filter((r) => r.method === 'OPTIONS' && r.headers['access-control-request-method'] !== undefined).length
  const parts: string[] = [o.outcome]
  if (o.status !== undefined) parts.push(String(o.status))
  if (preflights) parts.push(`${preflights} preflight${preflights > 1 ? 's' : ''}`)
  parts.push(`${o.requests.length} req`)
  const line = o.console?.find((l) => !l.startsWith('Failed to load resource'))
  if (line) parts.push(`console: ${line.replace(/^Access to (?:fetch|XMLHttpRequest) at '[^']*' from origin '[^']*' has been blocked by CORS policy: /, '').replace(/^Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at \S+ /, '').slice(0, 160)}`)
  else if (o.error) parts.push(o.error.slice(0, 80))
  return parts.join(' | ')
}

async function recordBrowser(name: BrowserName, server: ReplayServer, selected: GroundTruthCase[], settleMs: number): Promise<Record<string, Observation>> {
  const t0 = Date.now()
  let session: BrowserSession = await launch(name)
  // One page for every case: each case has URLs of its own, so no cache entry of another applies.
  let page: BrowserPage = await session.newPage()
  console.log(`${name}: launched in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  const out: Record<string, Observation> = {}
  const counts: Record<string, number> = {}
  const offSpec: string[] = []
  try {
    for (const [i, c] of selected.entries()) {
      let obs: Observation | undefined
      for (let attempt = 1; attempt <= 2 && !obs; attempt++) {
        try {
          obs = await withTimeout(runCase(page, server, c, { settleMs }), caseTimeoutMs, `${name}: ${c.name}`)
        } catch (e) {
          console.log(`  ! ${(e as Error).message}; restarting ${name}`)
          await session.close().catch(() => {})
          session = await launch(name)
          page = await session.newPage()
        }
      }
      if (!obs) throw new Error(`${name}: case failed twice: ${c.name}`)
      out[c.name] = obs
      counts[obs.outcome] = (counts[obs.outcome] ?? 0) + 1
      if (c.spec && c.spec !== obs.outcome) offSpec.push(`${c.name}: spec ${c.spec}, ${name} ${obs.outcome}`)
      console.log(`[${name} ${i + 1}/${selected.length}] ${c.name}\n    ${summarize(obs)}`)
    }
  } finally {
    await page.close().catch(() => {})
    await session.close().catch(() => {})
  }
  const secs = (Date.now() - t0) / 1000
  console.log(`\n${name}: ${selected.length} cases in ${secs.toFixed(1)} s — ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`)
  if (offSpec.length) console.log(`${name}: differs from the Fetch Standard in ${offSpec.length} case(s):\n  ${offSpec.join('\n  ')}`)
  return out
}

async function main(): Promise<void> {
  const { browsers, only, missing, settleMs } = parseArgs(process.argv.slice(2))
  const selected = only === null ? cases : cases.filter((c) => c.name.includes(only))
  if (!selected.length) throw new Error(`no case name contains ${JSON.stringify(only)}`)
  const previousOf = (name: BrowserName): Record<string, Observation> => {
    const file = `${observedDir}${name}.json`
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, Observation>) : {}
  }
  mkdirSync(observedDir, { recursive: true })
  const server = await startReplayServer()
  console.log(`replay server: page ${server.page}, api ${server.api}, other ${server.other}; ${selected.length} cases`)
  try {
    for (const name of browsers) {
      const previous = previousOf(name)
      const todo = missing ? selected.filter((c) => !(c.name in previous)) : selected
      if (!todo.length) {
        console.log(`${name}: nothing missing`)
        continue
      }
      const observed = await recordBrowser(name, server, todo, settleMs)
      const file = `${observedDir}${name}.json`
      let merged: Record<string, Observation> = observed
      if (only !== null || missing) {
        merged = {}
        for (const c of cases) {
          const o = observed[c.name] ?? previous[c.name]
          if (o) merged[c.name] = o
        }
      }
      writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`)
      console.log(`wrote ${file}\n`)
    }
  } finally {
    await server.close()
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  },
)
