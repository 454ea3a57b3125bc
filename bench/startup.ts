// Start-up: `corslab serve --port 0` from process start to its ready line, and startServer in process.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { timeStartServer } from './child.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const readyLine = /^corslab listening on http:\/\/\S+ \(scenario: [^)]+\)$/m

export { median } from './side-by-side.ts'

function newest(dir: string): number {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

/** Why the CLI figure would not be this source's, or undefined when dist/ is built and current. */
export function distProblem(): string | undefined {
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) return 'dist/ is missing: run `npm run build` first'
  if (newest(join(root, 'src')) > newest(join(root, 'dist'))) return 'dist/ is older than src/: run `npm run build` for a current figure'
  return undefined
}

/** One `corslab serve --port 0` of the checkout at `tree`: milliseconds from spawning node to the ready line on stdout. */
function serveOnce(tree: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(process.execPath, [join(tree, 'bin', 'corslab.js'), 'serve', '--port', '0'], { cwd: tree, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    let ms: number | undefined
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      if (ms === undefined && readyLine.test(out)) {
        ms = performance.now() - start
        child.kill('SIGTERM')
      }
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
    child.on('error', reject)
    child.on('exit', (code) => {
      clearTimeout(timer)
      if (ms === undefined) reject(new Error(`corslab serve exited (code ${code}) without its ready line:\n${out}${err}`))
      else if (code !== 0) reject(new Error(`corslab serve exited with code ${code} after SIGTERM:\n${err}`))
      else resolve(ms)
    })
  })
}

/** `node -e ''`: spawn to exit, the floor under any CLI's start-up on this machine. */
function nodeOnce(): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
    child.on('error', reject)
    child.on('exit', () => resolve(performance.now() - start))
  })
}

export interface TreeStartup {
  /** `this tree`, or the baseline's ref. */
  label: string
  cliMs: number[]
  /** With an empty compile cache each time: the first start after an install. */
  coldCliMs: number[]
  inProcessMs: number[]
}

export interface StartupResult {
  nodeMs: number[]
  /** This tree first, then the baseline's, when given. */
  trees: TreeStartup[]
}

/** A start with Node's compile cache pointed at a new, empty directory. */
function coldServeOnce(tree: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'corslab-cold-'))
  return serveOnce(tree, { ...process.env, NODE_COMPILE_CACHE: dir }).finally(() => rmSync(dir, { recursive: true, force: true }))
}

/** Start-ups of each tree (`{ label, root }`; this tree first), the runs alternated so all see the same machine. */
export async function measureStartup(runs: number, trees: Array<{ label: string, root: string }> = [{ label: 'this tree', root }]): Promise<StartupResult> {
  const nodeMs: number[] = []
  const results: TreeStartup[] = trees.map((t) => ({ label: t.label, cliMs: [], coldCliMs: [], inProcessMs: [] }))
  for (let i = 0; i < runs; i++) {
    nodeMs.push(await nodeOnce())
    for (const [k, tree] of trees.entries()) {
      const result = results[k] as TreeStartup
      result.cliMs.push(await serveOnce(tree.root))
      result.coldCliMs.push(await coldServeOnce(tree.root))
    }
  }
  // The first in-process run pays for lazy loading inside the process; the median shows the rest.
  for (const [k, tree] of trees.entries()) (results[k] as TreeStartup).inProcessMs = await timeStartServer(Math.max(runs, 5), tree.root)
  return { nodeMs, trees: results }
}
