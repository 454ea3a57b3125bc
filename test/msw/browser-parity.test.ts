import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { JournalEntry } from '../../src/msw/index.ts'
import { catalog, type Expectation, type Scenario } from '../../src/scenarios/index.ts'
import { startServer, type RunningServer } from '../../src/server/index.ts'
import { ensureBrowser, launch, type BrowserPage, type BrowserSession } from '../support/browsers/index.ts'
import type { ProbeInit, ProbeResult } from './browser/page.ts'
import { bundleForBrowser } from './support/bundle.ts'
import { engineExpectation, expectParity, timeoutFor } from './support/parity.ts'

// The same probe, from the same page origin, once against the real server (`corslab serve`, which
// real Chromium judges) and once through MSW's service worker with corsHandlers (which the engine
// judges): same outcome, same readable headers, same preflights, same console text.

let api: RunningServer
let pages: Server
let pageOrigin: string
let browser: BrowserSession
// One page per side, reused: every probe has its own URL (/@NAME/...), so no preflight-cache entry
// of one scenario serves another, and the worker's handlers are replaced for each scenario.
let serverPage: BrowserPage
let workerPage: BrowserPage

function servePages(bundle: string): Promise<Server> {
  const workerScript = readFileSync(fileURLToPath(import.meta.resolve('msw/mockServiceWorker.js')), 'utf8')
  const html = '<!doctype html><meta charset="utf-8"><title>corslab msw</title><script type="module" src="/page.js"></script>'
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]
    const files: Record<string, [string, string]> = {
      '/': ['text/html; charset=utf-8', html],
      '/page.js': ['text/javascript; charset=utf-8', bundle],
      '/mockServiceWorker.js': ['text/javascript; charset=utf-8', workerScript],
    }
    const file = files[path ?? '/']
    if (file === undefined) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1])
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

beforeAll(async () => {
  ensureBrowser('chromium')
  const bundle = await bundleForBrowser(fileURLToPath(new URL('./browser/page.ts', import.meta.url)))
  pages = await servePages(bundle)
  pageOrigin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`
  api = await startServer({ port: 0, pagePort: false, log: () => {} })
  browser = await launch('chromium')
  serverPage = await browser.newPage()
  await serverPage.goto(`${pageOrigin}/`)
  workerPage = await browser.newPage()
  await workerPage.goto(`${pageOrigin}/`)
  await workerPage.evaluate('async () => globalThis.corslabTest.start()', null)
})

afterAll(async () => {
  await serverPage?.close()
  await workerPage?.close()
  await browser?.close()
  await api?.close()
  await new Promise<void>((resolve) => (pages ? pages.close(() => resolve()) : resolve()))
})

interface Run {
  results: ProbeResult[]
  /** Console lines that are CORS errors (the browser's own, or the handlers' log). */
  corsLines: string[]
  journal: JournalEntry[]
}


function probeInit(scenario: Scenario): ProbeInit {
  const init: ProbeInit = { method: scenario.probe.method, credentials: scenario.probe.credentials ?? 'same-origin', readHeaders: [...(scenario.probe.readHeaders ?? []), 'content-type'] }
  if (scenario.probe.headers !== undefined) init.headers = scenario.probe.headers
  return init
}

const probeSource = `async ({ url, init, repeat }) => {
  const results = []
  for (let i = 0; i < repeat; i++) results.push(await globalThis.corslabTest.probe(url, init))
  return results
}`

// The probe's results, and the console lines it printed: for each blocked result, its CORS line
// (waited for, as console events, up to 3 s); where none is blocked, what was printed within 300 ms.
async function runProbe(page: BrowserPage, scenario: Scenario, url: string): Promise<{ results: ProbeResult[], lines: string[] }> {
  const results = await page.evaluate<ProbeResult[]>(probeSource, { url, init: probeInit(scenario), repeat: scenario.probe.repeat ?? 1 })
  const blocked = results.filter((r) => !r.ok).length
  const lines: string[] = []
  const deadline = Date.now() + (blocked === 0 ? 300 : 3000)
  for (;;) {
    lines.push(...(page.takeConsole() ?? []))
    if ((blocked > 0 && lines.filter(isCorsLine).length >= blocked) || Date.now() >= deadline) return { results, lines }
    await page.nextConsole(deadline - Date.now())
  }
}

const isCorsLine = (line: string) => line.startsWith('Access to fetch at ')

async function throughServer(scenario: Scenario, url: string): Promise<Run> {
  await fetch(`${api.url}/__corslab/journal`, { method: 'DELETE' })
  serverPage.takeConsole()
  const { results, lines } = await runProbe(serverPage, scenario, url)
  const corsLines = lines.filter(isCorsLine)
  const journal = (await (await fetch(`${api.url}/__corslab/journal`)).json()) as JournalEntry[]
  return { results, corsLines, journal }
}

async function throughWorker(scenario: Scenario, url: string): Promise<Run> {
  // The probe names its scenario in the path (/@NAME/...), as for the server; the set's own scenario is never used.
  await workerPage.evaluate('async (options) => globalThis.corslabTest.use(options)', { scenario: 'allow-all', target: api.url })
  workerPage.takeConsole()
  const { results, lines } = await runProbe(workerPage, scenario, url)
  const corsLines = lines.filter(isCorsLine)
  const journal = await workerPage.evaluate<JournalEntry[]>('async () => globalThis.corslabTest.journal()', null)
  return { results, corsLines, journal }
}

// What the page saw, in the shape of an `expect` entry; the reason comes from the console text,
// matched against the engine's message for that reason.
function asObserved(scenario: Scenario, run: Run, preflightsIn: (entries: JournalEntry[]) => number, firstRunPreflight: boolean): Expectation {
  const last = run.results[run.results.length - 1] as ProbeResult
  const observed: Expectation = { outcome: last.ok ? 'allowed' : 'blocked', preflight: firstRunPreflight }
  if (scenario.expect.chromium.preflights !== undefined) observed.preflights = preflightsIn(run.journal)
  if (last.ok && scenario.probe.readHeaders !== undefined) observed.hiddenHeaders = scenario.probe.readHeaders.filter((h) => last.headers[h] === null)
  return observed
}

describe('the browser: setupWorker in real Chromium, against the real server', () => {
  for (const scenario of catalog) {
    test(scenario.name, { timeout: 2 * timeoutFor(scenario) }, async () => {
      const url = `${api.url}/@${scenario.name}${scenario.probe.path}`
      // Side by side: the worker answers every request to the API itself, so the server sees only the server run.
      const [server, worker] = await Promise.all([throughServer(scenario, url), throughWorker(scenario, url)])
      const engine = engineExpectation(scenario, 'chromium', { page: pageOrigin, api: api.url, prefixed: true })

      // The same outcome, error and readable headers, run by run.
      const shape = (r: ProbeResult) => (r.ok ? { ok: true, status: r.status, headers: r.headers } : { ok: false, error: `${r.name}: ${r.message}` })
      expect(worker.results.map(shape)).toEqual(server.results.map(shape))
      if (!worker.results.every((r) => r.ok)) expect(worker.results.find((r) => !r.ok)).toMatchObject({ name: 'TypeError', message: 'Failed to fetch' })

      // The same console text: real Chromium's for the server, the handlers' log for the worker.
      expect(worker.corsLines).toEqual(server.corsLines)
      if (engine.message !== undefined) expect(worker.corsLines.at(-1)).toBe(engine.message)

      // The same preflights: what reached the server, and what the handlers' journal says the browser sent.
      const serverPreflights = (entries: JournalEntry[]) => entries.filter((e) => e.preflight).length
      expect(serverPreflights(worker.journal)).toBe(serverPreflights(server.journal))

      // And both equal the scenario's expect and the engine; the reason is the one whose message Chromium printed.
      const blocked = !(server.results.at(-1)?.ok ?? false)
      const firstRun = (j: JournalEntry[]) => j.some((e) => e.preflight)
      const fromServer = asObserved(scenario, server, serverPreflights, firstRun(server.journal))
      const fromWorker = asObserved(scenario, worker, serverPreflights, firstRun(worker.journal))
      if (blocked) {
        const last = worker.journal.at(-1)?.verdict
        for (const observed of [fromServer, fromWorker]) {
          if (last?.stage !== undefined) observed.stage = last.stage
          if (last?.reason !== undefined) observed.reason = last.reason
        }
        expect(server.corsLines.at(-1), 'real Chromium printed the message of the reason the handlers give').toBe(last?.message)
      }
      expectParity(scenario, 'chromium', fromWorker, engine.expectation)
      expectParity(scenario, 'chromium', fromServer, engine.expectation)
    })
  }
})

describe('the browser: what the page can read', () => {
  // A service worker's answer still goes through the browser's CORS filter on the page side, which
  // keeps only the headers Access-Control-Expose-Headers names: the handlers name exactly the ones
  // the engine says are readable, so a header is readable through the worker iff it is from the server.
  const cases: Array<[string, string, Record<string, string | null>]> = [
    ['allow-all', '/api/items', { 'x-total-count': '3', 'content-type': 'application/json; charset=utf-8' }],
    ['hidden-response-header', '/api/items', { 'x-total-count': null, 'content-type': 'application/json; charset=utf-8' }],
    ['allow-all', '/api/items/2', { 'x-total-count': null, vary: null, 'access-control-allow-origin': null }],
  ]
  for (const [name, path, expected] of cases) {
    test(`${name} GET ${path}`, async () => {
      const scenario = { ...catalog.find((s) => s.name === name) as Scenario }
      scenario.probe = { method: 'GET', path, readHeaders: Object.keys(expected) }
      const url = `${api.url}/@${name}${path}`
      const [server, worker] = await Promise.all([throughServer(scenario, url), throughWorker(scenario, url)])
      expect(server.results).toMatchObject([{ ok: true, headers: expected }])
      expect(worker.results).toMatchObject([{ ok: true, headers: expected }])
    })
  }
})

describe('the browser: signing in to the mock API', () => {
  // The same steps in one page against the real server (real Chromium keeps the cookie) and in
  // one through the worker (the handlers' jar): page and API are on one site (127.0.0.1), so the
  // SameSite=Lax session cookie goes with credentialed requests.
  const steps = `async ({ api }) => {
    const step = async (path, init) => {
      try {
        const response = await fetch(api + path, init)
        return response.status + ' ' + (await response.text())
      } catch (error) {
        return error.name
      }
    }
    return [
      await step('/@allow-all/api/me', { credentials: 'include' }),
      // Blocked by CORS, yet the browser keeps the cookie: it stores cookies before its CORS check.
      await step('/@wildcard-with-credentials/api/session', { method: 'POST', credentials: 'include' }),
      await step('/@allow-all/api/me', { credentials: 'include' }),
      await step('/@allow-all/api/me', { credentials: 'same-origin' }),
      await step('/@allow-all/api/session', { method: 'DELETE', credentials: 'include' }),
      await step('/@allow-all/api/me', { credentials: 'include' }),
      await step('/@allow-all/api/session', { method: 'POST' }),
      await step('/@allow-all/api/me', { credentials: 'include' }),
    ]
  }`

  test('POST /api/session with credentials, then /api/me: the same answers from the server and the worker', async () => {
    await workerPage.evaluate('async (options) => globalThis.corslabTest.use(options)', { scenario: 'allow-all', target: api.url })
    const [server, worker] = await Promise.all([serverPage.evaluate<string[]>(steps, { api: api.url }), workerPage.evaluate<string[]>(steps, { api: api.url })])
    const signedOut = expect.stringMatching(/^401 /)
    expect(server).toEqual([signedOut, 'TypeError', '200 {"user":"demo","session":"demo"}', signedOut, '204 ', signedOut, '200 {"user":"demo"}', signedOut])
    expect(worker).toEqual(server)
  })
})
