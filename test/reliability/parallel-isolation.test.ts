// Eight clients at once, each on its own /@NAME/ prefix, 10,000 requests in all, while the active
// scenario is switched under them: each client sees only its scenario's answers, and the journal
// files each request under the scenario it was served by.
import { Agent } from 'node:http'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { catalog } from '../../src/index.ts'
import { startServer, type RunningServer } from '../../src/server/index.ts'
import { corsFingerprint, expectConsistentJournal, origin, send, type Reply } from './support.ts'

// Eight scenarios whose answers to both requests below differ from one another (checked first).
const names = [
  'allow-all',
  'missing-allow-origin',
  'allow-origin-mismatch',
  'duplicate-allow-origin',
  'multiple-allow-origin',
  'null-allow-origin',
  'wildcard-with-credentials',
  'invalid-allow-credentials',
]
const total = 10_000
const perClient = total / names.length
const inFlight = 2

const requests: Array<{ path: string, init: { method?: string, headers: Record<string, string> } }> = [
  { path: '/api/items', init: { headers: { origin } } },
  { path: '/api/items/1', init: { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' } } },
]
const fingerprint = (reply: Reply) => `${reply.status} ${corsFingerprint(reply)}`

let server: RunningServer
beforeAll(async () => {
  server = await startServer({ port: 0, pagePort: false, log: () => {}, journalSize: 20_000 })
})
afterAll(() => server.close())

test('eight concurrent clients on eight /@NAME/ prefixes each see only their scenario, over 10,000 requests', { timeout: 180_000 }, async () => {
  // What each scenario answers, one request at a time.
  const expected = new Map<string, string[]>()
  for (const name of names) {
    const answers: string[] = []
    for (const r of requests) answers.push(fingerprint(await send(`${server.url}/@${name}${r.path}`, r.init)))
    expected.set(name, answers)
  }
  expect(new Set([...expected.values()].map((a) => a.join(' | '))).size).toBe(names.length)
  expect((await send(`${server.url}/__corslab/journal`, { method: 'DELETE' })).status).toBe(204)

  const problems: string[] = []
  let stop = false
  const switcher = async () => {
    for (let i = 0; !stop; i++) {
      const name = names[i % names.length] as string
      await send(`${server.url}/__corslab/scenario`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) })
      await new Promise((r) => setTimeout(r, 10))
    }
  }
  const client = async (name: string) => {
    const agent = new Agent({ keepAlive: true, maxSockets: inFlight })
    const want = expected.get(name) as string[]
    let next = 0
    const lane = async () => {
      while (next < perClient) {
        const i = next++
        const r = requests[i % requests.length] as (typeof requests)[number]
        try {
          const got = fingerprint(await send(`${server.url}/@${name}${r.path}`, { ...r.init, agent }))
          if (got !== want[i % requests.length]) problems.push(`${name} ${r.path}: ${got}`)
        } catch (error) {
          problems.push(`${name} ${r.path}: the request failed: ${(error as Error).message}`)
        }
      }
    }
    await Promise.all(Array.from({ length: inFlight }, lane))
    agent.destroy()
  }

  const switching = switcher()
  await Promise.all(names.map(client))
  stop = true
  await switching
  expect(problems.slice(0, 20)).toEqual([])

  // The journal holds every one of them, each under the scenario of its prefix.
  const journal = JSON.parse((await send(`${server.url}/__corslab/journal`)).body) as Array<{ scenario: string }>
  expectConsistentJournal(journal, catalog.map((s) => s.name))
  const counts = new Map<string, number>()
  for (const entry of journal) counts.set(entry.scenario, (counts.get(entry.scenario) ?? 0) + 1)
  expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(names.map((n) => [n, perClient])))
})
