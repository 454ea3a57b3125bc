// Scenario switches through the control API and edits to a --scenarios directory while requests flow:
// every request gets a complete answer from one consistent scenario, never a mix of two versions,
// never a catalog with a scenario missing, and the last edit wins once the writing stops.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { Agent } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { catalog } from '../../src/index.ts'
import { startServer, type RunningServer } from '../../src/server/index.ts'
import { corsFingerprint, expectConsistentJournal, header, origin, send, type Reply } from './support.ts'

// The load runs at least 3 s and until 2,000 requests and 6 rounds of edits have gone by; on a
// machine too busy for that, it stops after 30 s with what it has (and the floors below).
const minMs = 3000
const maxMs = 30_000
const wantRequests = 2000
const wantVersions = 6
const workers = 12
const items = [
  { id: 1, name: 'Reproduce the CORS error', done: true },
  { id: 2, name: 'Show the user a useful message', done: false },
  { id: 3, name: 'Fix the server', done: false },
]
// The built-ins the control API switches between (beside the user's `flip`).
const builtIns = ['allow-all', 'missing-allow-origin', 'allow-origin-mismatch']

// Version K of a user scenario: three lines that must agree (the CORS layer's Allow-Origin and
// Expose-Headers, a fault's x-version), so an answer mixing two versions shows.
function scenario(name: string, version: number): string {
  const blocked = { outcome: 'blocked', stage: 'response', reason: 'allow-origin-mismatch', preflight: false }
  return JSON.stringify({
    name,
    title: `${name}, version ${version}`,
    summary: 'Rewritten while requests flow.',
    fix: 'Nothing to fix.',
    policy: {
      cors: { origin: `https://v${version}.example`, exposedHeaders: [`x-v${version}`] },
      faults: [{ set: { 'x-version': String(version) } }],
    },
    probe: { method: 'GET', path: '/api/items' },
    expect: { chromium: blocked, firefox: blocked, webkit: blocked },
  }, null, 2)
}

/** The version a user scenario's answer comes from, or a description of what is wrong with it. */
function userVersion(reply: Reply): number | string {
  const lines = reply.lines.filter(([n]) => n.startsWith('access-control-') || n === 'x-version' || n === 'vary')
  const version = header(reply, 'x-version')
  const k = Number(version[0])
  const expected = JSON.stringify([['access-control-allow-origin', `https://v${k}.example`], ['access-control-expose-headers', `x-v${k}`], ['x-version', String(k)]])
  return version.length === 1 && JSON.stringify(lines.sort()) === expected ? k : `a mixed or partial answer: ${JSON.stringify(lines)}`
}

let dir: string
let server: RunningServer
const log: string[] = []
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'corslab-reload-'))
  writeFileSync(join(dir, 'flip.json'), scenario('flip', 0))
  writeFileSync(join(dir, 'other.json'), scenario('other', 0))
  server = await startServer({ port: 0, pagePort: false, scenariosDir: dir, log: (line) => {
    log.push(line)
    logged()
  }, journalSize: 100_000 })
})
afterAll(async () => {
  await server?.close()
  rmSync(dir, { recursive: true, force: true })
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
// Called on each line the server logs (a reload among them).
let logged = () => {}

test('switching and editing scenarios under load loses no request and never mixes two scenarios', { timeout: 120_000 }, async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: workers })
  // What each built-in answers, before any switching.
  const fingerprints = new Map<string, string>()
  for (const name of builtIns) fingerprints.set(corsFingerprint(await send(`${server.url}/@${name}/api/items`, { headers: { origin } })), name)

  const problems: string[] = []
  const seen = { flip: new Set<number>(), other: new Set<number>(), active: new Set<string>() }
  let requests = 0
  let switches = 0
  let version = 0
  let stop = false
  // Called as requests and edits are counted, once the run has lasted its minimum.
  let progressed = () => {}

  const check = (path: string, reply: Reply) => {
    requests++
    progressed()
    if (reply.status !== 200) return problems.push(`${path}: status ${reply.status} ${reply.body.slice(0, 200)}`)
    try {
      expect(JSON.parse(reply.body)).toEqual(items)
    } catch {
      return problems.push(`${path}: an incomplete or wrong body: ${reply.body.slice(0, 200)}`)
    }
    const user = path.startsWith('/@flip/') ? 'flip' : path.startsWith('/@other/') ? 'other' : undefined
    if (user !== undefined) {
      const k = userVersion(reply)
      return typeof k === 'number' ? seen[user].add(k) : problems.push(`${path}: ${k}`)
    }
    const builtIn = fingerprints.get(corsFingerprint(reply))
    if (path.startsWith('/@allow-all/')) return builtIn === 'allow-all' || problems.push(`${path}: not allow-all's answer: ${corsFingerprint(reply)}`)
    // The active scenario: one of the built-ins switched to, or some version of flip, whole.
    if (builtIn !== undefined) return seen.active.add(builtIn)
    const k = userVersion(reply)
    return typeof k === 'number' ? seen.active.add(`flip v${k}`) : problems.push(`${path} (active scenario): ${k}`)
  }

  const paths = ['/@flip/api/items', '/@other/api/items', '/api/items', '/api/items', '/@allow-all/api/items']
  const worker = async (n: number) => {
    for (let i = n; !stop; i++) {
      const path = paths[i % paths.length] as string
      try {
        check(path, await send(`${server.url}${path}`, { headers: { origin }, agent }))
      } catch (error) {
        problems.push(`${path}: the request failed: ${(error as Error).message}`)
      }
    }
  }

  const switcher = async () => {
    const names = [...builtIns, 'flip']
    while (!stop) {
      const name = names[switches % names.length] as string
      const reply = await send(`${server.url}/__corslab/scenario`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }), agent })
      if (reply.status !== 200) problems.push(`PUT /__corslab/scenario ${name}: ${reply.status} ${reply.body.slice(0, 200)}`)
      switches++
      await sleep(20)
    }
  }

  // An editor: writes both files (sometimes a truncated file first, as an editor saving in steps
  // does), then pauses past the reload debounce so the directory is re-read.
  const writer = async () => {
    while (!stop) {
      version++
      progressed()
      for (const name of ['flip', 'other']) {
        const text = scenario(name, version)
        if (version % 3 === 0) {
          writeFileSync(join(dir, `${name}.json`), text.slice(0, text.length >> 1))
          await sleep(version % 2 === 0 ? 160 : 30)
        }
        writeFileSync(join(dir, `${name}.json`), text)
        await sleep(version % 2 === 0 ? 0 : 40)
      }
      await sleep(180)
    }
  }

  const running = [...Array.from({ length: workers }, (_, n) => worker(n)), switcher(), writer()]
  const started = Date.now()
  // The run lasts from minMs to maxMs: past minMs, it ends as soon as it has done enough.
  await new Promise<void>((resolve) => {
    const max = setTimeout(resolve, maxMs)
    const enough = () => requests >= wantRequests && version >= wantVersions
    setTimeout(() => {
      progressed = () => {
        if (!enough()) return
        clearTimeout(max)
        resolve()
      }
      progressed()
    }, minMs)
  })
  stop = true
  await Promise.all(running)

  if (process.env.CORSLAB_SHOW_STATS) {
    const kept = log.filter((l) => l.includes('kept the last good catalog')).length
    process.stderr.write(`${requests} requests in ${Date.now() - started} ms, ${switches} switches, ${version} edits, ${log.filter((l) => l.includes('corslab: reloaded')).length} reloads, ${kept} refused; flip versions seen ${[...seen.flip].join(',')}; active ${[...seen.active].join(', ')}\n`)
  }
  expect(problems.slice(0, 20)).toEqual([])
  // The run exercised what it claims to: enough requests, switches, reloads and versions.
  expect(requests).toBeGreaterThan(300)
  expect(switches).toBeGreaterThan(10)
  expect(log.filter((l) => l.includes('corslab: reloaded')).length).toBeGreaterThanOrEqual(3)
  expect(seen.flip.size).toBeGreaterThanOrEqual(3)
  expect(seen.other.size).toBeGreaterThanOrEqual(3)
  expect(seen.active.size).toBeGreaterThanOrEqual(4)

  // Once the writing stops, the last version is what both user scenarios serve: checked again
  // after each line the server logs (its last reload), until the test's timeout.
  const last = version
  let flip: number | string = -1
  let other: number | string = -1
  for (;;) {
    const lines = log.length
    flip = userVersion(await send(`${server.url}/@flip/api/items`, { headers: { origin } }))
    other = userVersion(await send(`${server.url}/@other/api/items`, { headers: { origin } }))
    if (flip === last && other === last) break
    if (log.length === lines) await new Promise<void>((resolve) => (logged = resolve))
  }
  expect([flip, other]).toEqual([last, last])

  const journal = JSON.parse((await send(`${server.url}/__corslab/journal`)).body) as unknown[]
  expect(journal.length).toBeGreaterThan(requests * 0.9)
  expectConsistentJournal(journal, [...catalog.map((s) => s.name), 'flip', 'other'])
  agent.destroy()
})
