/**
 * Unseen random exchanges in a real browser, against the engine.
 *
 *   node_modules/.bin/node test/ground-truth/random.ts BROWSER [--seed N] [--count N] [--initiator fetch|xhr|xhr-upload] [--save]
 *
 * Runs `count` random cases per initiator (default 150 each of fetch(), XHR, and XHR with an upload
 * listener) in BROWSER, asks the engine
 * the same question, and prints each case that differs and the agreement counts: the verdict
 * (outcome, preflights and their Access-Control-Request-* headers, the request's Origin, status,
 * readable headers, what the page's code got) and, separately, the console text of blocked cases.
 * With --save, the cases and observations go to test/ground-truth/observed/random-BROWSER-SEED.json,
 * which the offline replay (recordings.test.ts) checks too.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { browserNames, launch, type BrowserName } from '../support/browsers/index.ts'
import type { GroundTruthCase, Observation, RunAddresses } from './case.ts'
import { differences, predict, toExchange } from './compare.ts'
import { runCase } from './observe.ts'
import { randomCases, randomInitiators, type RandomInitiator } from './random-cases.ts'
import { startReplayServer } from './replay-server.ts'

const args = process.argv.slice(2)
const browser = args[0] as BrowserName
if (!browserNames.includes(browser)) throw new Error(`first argument: one of ${browserNames.join(', ')}`)
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name)
  return at > 0 ? (args[at + 1] ?? fallback) : fallback
}
const seed = Number(option('--seed', String(Date.now() % 1_000_000)))
const count = Number(option('--count', '150'))
const only = option('--initiator', '')
if (only !== '' && !randomInitiators.includes(only as RandomInitiator)) throw new Error(`--initiator: one of ${randomInitiators.join(', ')}`)
const initiators: readonly RandomInitiator[] = only === '' ? randomInitiators : [only as RandomInitiator]
const save = args.includes('--save')

const selected = randomCases(seed, count, initiators)
const server = await startReplayServer()
let session = await launch(browser)
let page = await session.newPage()
console.log(`${browser}: seed ${seed}, ${count} random cases per initiator (${initiators.join(', ')})`)

interface Tally {
  cases: number
  verdict: number
  blocked: number
  console: number
}
const tally: Record<string, Tally> = {}
const saved: Record<string, { case: GroundTruthCase; observed: Observation }> = {}

for (const c of selected) {
  let observed: Observation | undefined
  for (let attempt = 1; attempt <= 2 && !observed; attempt++) {
    try {
      observed = await runCase(page, server, c)
    } catch (e) {
      console.log(`  ! ${(e as Error).message}; restarting ${browser}`)
      await session.close().catch(() => {})
      session = await launch(browser)
      page = await session.newPage()
    }
  }
  if (!observed) throw new Error(`case failed twice: ${c.name}`)
  saved[c.name] = { case: c, observed }
  const predicted = predict(toExchange(observed.run as RunAddresses, c), browser, c.request.repeat ?? 1)
  const found = differences(observed, predicted, c)
  const consoleDiffers = found.some((d) => d.startsWith('console:'))
  const verdictDiffers = found.some((d) => !d.startsWith('console:'))
  const key = c.request.initiator !== 'xhr' ? 'fetch' : c.request.uploadListener ? 'xhr-upload' : 'xhr'
  const t = (tally[key] ??= { cases: 0, verdict: 0, blocked: 0, console: 0 })
  t.cases++
  if (!verdictDiffers) t.verdict++
  if (observed.outcome === 'blocked' && observed.console !== null) {
    t.blocked++
    if (!consoleDiffers) t.console++
  }
  if (found.length > 0) console.log(`✗ ${c.name} ${JSON.stringify(c.request)}\n  ${found.join('\n  ')}`)
}

await page.close()
await session.close()
await server.close()

for (const [initiator, t] of Object.entries(tally)) {
  const consoleLine = t.blocked === 0 && browser === 'webkit' ? 'no console route' : `console text exact on ${t.console} of ${t.blocked} blocked`
  console.log(`${browser} ${initiator}: verdict agrees on ${t.verdict} of ${t.cases}; ${consoleLine}`)
}
if (save) {
  const file = fileURLToPath(new URL(`./observed/random-${browser}-${seed}.json`, import.meta.url))
  writeFileSync(file, `${JSON.stringify({ seed, count, cases: saved }, null, 2)}\n`)
  console.log(`wrote ${file}`)
}
process.exit(0)
