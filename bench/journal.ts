// The journal's cost per request: what the server pays to keep a request it answered (journal.add,
// on the serving path), and what a reader pays to turn a kept request into its entry, verdict
// included (the first read of it). Browser-like requests: a GET under allow-all, and a preflight.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median, runNode, takingTurns } from './side-by-side.ts'

const repo = fileURLToPath(new URL('..', import.meta.url))
const origin = 'http://localhost:5173'

// What Chromium sends, as Node's rawHeaders, and the lines corslab sends back under allow-all.
const browserHeaders = [
  'Host', '127.0.0.1:4010', 'Connection', 'keep-alive', 'sec-ch-ua-platform', '"Linux"', 'User-Agent',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  'sec-ch-ua', '"Chromium";v="156", "Not)A;Brand";v="24"', 'sec-ch-ua-mobile', '?0', 'Accept', '*/*', 'Origin', origin,
  'Sec-Fetch-Site', 'cross-site', 'Sec-Fetch-Mode', 'cors', 'Sec-Fetch-Dest', 'empty', 'Referer', `${origin}/`,
  'Accept-Encoding', 'gzip, deflate, br, zstd', 'Accept-Language', 'en-US,en;q=0.9',
]
const getRecord = [
  'allow-all', 'include', null, 'GET', '/api/items', '/api/items', false, 200, browserHeaders,
  ['Vary', 'Origin', 'Access-Control-Allow-Origin', origin, 'Access-Control-Allow-Credentials', 'true', 'Access-Control-Expose-Headers', 'x-total-count',
    'Content-Type', 'application/json; charset=utf-8', 'X-Total-Count', '3', 'Content-Length', '164'],
]
const preflightRecord = [
  'allow-all', 'include', null, 'OPTIONS', '/api/items/1', '/api/items/1', true, 204,
  [...browserHeaders, 'Access-Control-Request-Method', 'PUT', 'Access-Control-Request-Headers', 'authorization,content-type'],
  ['Vary', 'Origin, Access-Control-Request-Headers', 'Access-Control-Allow-Origin', origin, 'Access-Control-Allow-Credentials', 'true',
    'Access-Control-Expose-Headers', 'x-total-count', 'Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE',
    'Access-Control-Allow-Headers', 'authorization,content-type', 'Content-Length', '0'],
]

interface JournalLike {
  add(record: unknown): void
  entries(): unknown[]
}
type JournalClass = new (size: number, expand: (stored: never) => unknown) => JournalLike

export interface JournalBenchResult {
  label: string
  /** Median µs per journal.add of a request the server answered (its serving path). */
  addUs: number
  /** Median µs per entry the first time the journal is read (decoding it, and the engine's verdict). */
  readUs: number
}

// The journal and the served entry of the checkout at `root` (the journal moved to src/shared/).
async function modules(root: string): Promise<{ Journal: JournalClass, servedEntry: (stored: never) => unknown }> {
  const journalFile = existsSync(join(root, 'src/shared/journal.ts')) ? 'src/shared/journal.ts' : 'src/server/journal.ts'
  const { Journal } = await import(join(root, journalFile)) as { Journal: JournalClass }
  const { servedEntry } = await import(join(root, 'src/server/served-entry.ts')) as { servedEntry: (stored: never) => unknown }
  return { Journal, servedEntry }
}


/** The journal costs of the checkout at `root`, in this process: medians of `rounds` rounds. */
export async function journalCosts(root: string, rounds = 9): Promise<{ addUs: number, readUs: number }> {
  const { Journal, servedEntry } = await modules(root)
  const adds: number[] = []
  const reads: number[] = []
  const writes = 20_000
  for (let round = 0; round < rounds; round++) {
    // Writing: a full ring (500, the default) taking request after request.
    const journal = new Journal(500, servedEntry)
    let start = performance.now()
    for (let n = 0; n < writes; n++) journal.add(n % 2 === 0 ? getRecord : preflightRecord)
    adds.push(((performance.now() - start) * 1000) / writes)
    // Reading: 500 entries never read before.
    start = performance.now()
    const count = journal.entries().length
    reads.push(((performance.now() - start) * 1000) / count)
  }
  return { addUs: median(adds), readUs: median(reads) }
}

/** Each tree's journal costs, each measured in fresh processes, the trees taking turns. */
export async function benchJournal(trees: Array<{ label: string, root: string }> = [{ label: 'this tree', root: repo }], runs = 4): Promise<JournalBenchResult[]> {
  const script = fileURLToPath(import.meta.url)
  const results = await takingTurns(trees.length, runs, async (i) => JSON.parse(await runNode([script, '--json', (trees[i] as { root: string }).root])) as { addUs: number, readUs: number })
  return trees.map((t, i) => ({ label: t.label, addUs: median((results[i] ?? []).map((r) => r.addUs)), readUs: median((results[i] ?? []).map((r) => r.readUs)) }))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  if (args[0] === '--json') {
    process.stdout.write(JSON.stringify(await journalCosts(args[1] ?? repo)))
  } else {
    const trees = args.length === 0 ? [{ label: 'this tree', root: repo }] : args.map((root) => ({ label: root, root }))
    for (const r of await benchJournal(trees)) console.log(`${r.label.padEnd(30)} add ${r.addUs.toFixed(2)} µs/request, first read ${r.readUs.toFixed(2)} µs/entry`)
  }
}
