import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPreflightCache, simulate, type BrowserName, type HeaderList, type PageRequest, type Verdict } from '../../src/engine/index.ts'
import { catalog, type Scenario } from '../../src/scenarios/index.ts'
import { startServer, type JournalEntry, type RunningServer } from '../../src/server/index.ts'
import { mockApiRoute } from '../../src/shared/mock-api.ts'
import { probeRequest, probeResolver, simulateProbe, type ProbeOptions } from '../../src/shared/probe.ts'
import { browserNames, ensureBrowser, launch, type BrowserPage, type BrowserSession } from '../support/browsers/index.ts'
import {
  axiosInPage,
  consoleUntil,
  fetchInPage,
  lastJournalId,
  loadAxios,
  readJournal,
  startPageOrigin,
  xhrInPage,
  type AxiosFailure,
  type PageOrigin,
  type PageRun,
  type XhrArg,
} from './support.ts'

/*
 * Every built-in scenario in real Chromium, Firefox and WebKit: a page on one origin sends the
 * scenario's probe to the corslab server on another (under /@NAME/, so the active scenario never
 * matters), through fetch(), through XMLHttpRequest and through axios (its browser bundle, which
 * uses XMLHttpRequest), and what the browser did must equal both the scenario's `expect[browser]`
 * and the engine's verdict for that browser and initiator: the outcome of every repeat, the
 * preflights that reached the server (how many, asking for which method and headers), which of the
 * probe's readHeaders the page could read, the status, what the page's code got (fetch()'s
 * TypeError, XHR's error event, axios's AxiosError) and, where the browser gives console text, the
 * engine's message.
 */

const builtIn = [...catalog]

type Initiator = 'fetch' | 'xhr' | 'axios'
const initiators: readonly Initiator[] = ['fetch', 'xhr', 'axios']
// What axios puts on every request it sends (its default Accept header).
const axiosAccept = 'application/json, text/plain, */*'

// One repeat's observation: what the page saw and what reached the server meanwhile.
interface Observed {
  run: PageRun & { axios?: AxiosFailure }
  entries: JournalEntry[]
  console: string[] | null
}

const header = (entry: JournalEntry, name: string): string | undefined => entry.requestHeaders[name]
const modeled = (verdict: Verdict, name: string): string | undefined => verdict.preflight?.headers.find(([n]) => n.toLowerCase() === name)?.[1]

/**
 * Whether `message` is among the console lines. WebKit's text is two console lines (the reason,
 * then "Fetch API cannot load URL due to access control checks."), which the engine gives joined by
 * a newline: each must be printed, in that order.
 */
function printed(lines: string[], message: string): boolean {
  let from = 0
  for (const part of message.split('\n')) {
    const at = lines.indexOf(part, from)
    if (at < 0) return false
    from = at + 1
  }
  return true
}

/** The probe with a query of its own, so no cache entry (preflight or HTTP) of another test applies. */
function withQuery(scenario: Scenario, tag: string): Scenario {
  const separator = scenario.probe.path.includes('?') ? '&' : '?'
  return { ...scenario, probe: { ...scenario.probe, path: `${scenario.probe.path}${separator}run=${tag}` } }
}

/** The body the page sends with the probe: none for GET and HEAD, JSON where the probe says so. */
function probeBody(scenario: Scenario): string | null {
  const { method, headers = {} } = scenario.probe
  if (['GET', 'HEAD'].includes(method.toUpperCase())) return null
  return /json/.test(headers['content-type'] ?? '') ? '{}' : ''
}

function fetchInit(scenario: Scenario): globalThis.RequestInit {
  const { method, headers = {}, credentials = 'same-origin' } = scenario.probe
  const init: globalThis.RequestInit = { method, headers, credentials, mode: 'cors' }
  const body = probeBody(scenario)
  if (body !== null) init.body = body
  return init
}

function xhrArg(scenario: Scenario, url: string): XhrArg {
  const { method, headers = {}, credentials = 'same-origin', readHeaders = [] } = scenario.probe
  return { url, method, headers, withCredentials: credentials === 'include', body: probeBody(scenario), readHeaders }
}

/** One send of the probe in the page, by the given initiator. */
function send(page: BrowserPage, initiator: Initiator, scenario: Scenario, url: string): Promise<PageRun & { axios?: AxiosFailure }> {
  switch (initiator) {
    case 'fetch':
      return fetchInPage(page, { url, init: fetchInit(scenario), readHeaders: scenario.probe.readHeaders ?? [] })
    case 'xhr':
      return xhrInPage(page, xhrArg(scenario, url))
    case 'axios':
      return axiosInPage(page, xhrArg(scenario, url))
  }
}

interface EngineRuns {
  verdict: Verdict
  runs: Verdict[]
  preflights: number
}

/**
 * The engine's answer for the same sends from the same page origin, against the server's routes:
 * fetch() as the probe says; XHR and axios as XMLHttpRequest, axios with its Accept header added.
 */
function engineRuns(scenario: Scenario, browser: BrowserName, initiator: Initiator, options: ProbeOptions): EngineRuns {
  if (initiator === 'fetch') return simulateProbe(scenario, browser, options)
  const base = probeRequest(scenario, options)
  const headers = base.headers as HeaderList
  const request: PageRequest = {
    ...base,
    initiator: 'xhr',
    headers: initiator === 'axios' && !headers.some(([n]) => n.toLowerCase() === 'accept') ? [...headers, ['accept', axiosAccept]] : headers,
  }
  const preflightCache = createPreflightCache()
  const now = Date.now()
  const runs: Verdict[] = []
  for (let i = 0; i < (scenario.probe.repeat ?? 1); i++) {
    runs.push(simulate({ request }, { browser, preflightCache, now: now + i, resolve: probeResolver(scenario, options) }))
  }
  return { verdict: runs[runs.length - 1] as Verdict, runs, preflights: runs.reduce((sum, v) => sum + v.preflights, 0) }
}

/**
 * Firefox does not use its preflight cache at first in a fresh browsing context (measured with
 * Firefox ESR 153.7 through BiDi: in a new user context, a PUT whose preflight answer says
 * Access-Control-Max-Age: 600, sent three times to one URL, sent three preflights; the same sent to
 * a second URL, one; a successful CORS request before them shortened that start). Without a warm-up
 * the preflight-cache scenario would see two preflights where a Firefox that has been running a
 * while sends one. So, before the suite, a throwaway probe of `preflight-cache` (a URL of its own)
 * is sent twice, and again on a new URL, until the second send goes out without a preflight.
 */
async function warmUpPreflightCache(page: BrowserPage, server: RunningServer): Promise<void> {
  const scenario = catalog.find((s) => s.name === 'preflight-cache')
  if (scenario === undefined) throw new Error('the warm-up needs the built-in preflight-cache scenario')
  for (let attempt = 0; attempt < 6; attempt++) {
    const since = await lastJournalId(server.url)
    const probe = withQuery(scenario, `warm-up-${attempt}`)
    const url = `${server.url}/@${scenario.name}${probe.probe.path}`
    for (let i = 0; i < 2; i++) await fetchInPage(page, { url, init: fetchInit(probe), readHeaders: [] })
    const preflights = (await readJournal(server.url)).filter((e) => e.id > since && e.preflight).length
    if (preflights === 1) return
  }
  throw new Error('Firefox never cached a preflight in six warm-up rounds; the preflight cache cannot be tested')
}

describe.each(browserNames)('every built-in scenario in real %s', (browser: BrowserName) => {
  let server: RunningServer
  let pageOrigin: PageOrigin
  let session: BrowserSession
  let page: BrowserPage
  let runs = 0

  beforeAll(async () => {
    // Installs the browser where it is missing; throws (failing every test below) when it cannot.
    ensureBrowser(browser)
    server = await startServer({ port: 0, pagePort: false, log: () => {} })
    pageOrigin = await startPageOrigin()
    try {
      session = await launch(browser)
    } catch (error) {
      throw new Error(`${browser} is installed but could not be started: ${(error as Error).message}`, { cause: error })
    }
    page = await session.newPage()
    await page.goto(`${pageOrigin.origin}/`)
    await loadAxios(page)
    if (browser === 'firefox') await warmUpPreflightCache(page, server)
  })

  afterAll(async () => {
    await page?.close()
    await session?.close()
    await pageOrigin?.close()
    await server?.close()
  })

  it('runs every scenario of the catalog', () => {
    expect(builtIn.length).toBeGreaterThanOrEqual(28)
    expect(new Set(builtIn.map((s) => s.name)).size).toBe(builtIn.length)
  })

  const all = builtIn.flatMap((s) => initiators.map((initiator) => [s.name, initiator, s] as const))
  it.each(all)('%s through %s', async (name, initiator, base) => {
    const tag = `${browser}-${initiator}-${++runs}-${Date.now().toString(36)}`
    const scenario = withQuery(base, tag)
    const expected = scenario.expect[browser]
    const url = `${server.url}/@${name}${scenario.probe.path}`
    const readHeaders = scenario.probe.readHeaders ?? []
    const repeat = scenario.probe.repeat ?? 1

    // The engine's answer for the same request from the same page origin, against the server's routes.
    const engine = engineRuns(scenario, browser, initiator, { apiUrl: server.url, pageOrigin: pageOrigin.origin, prefixed: true, route: mockApiRoute() })
    expect(engine.runs).toHaveLength(repeat)
    for (const verdict of engine.runs) expect(verdict.initiator).toBe(initiator === 'fetch' ? 'fetch' : 'xhr')

    page.takeConsole()
    const observed: Observed[] = []
    for (let i = 0; i < repeat; i++) {
      const since = await lastJournalId(server.url)
      const run = await send(page, initiator, scenario, url)
      const verdict = engine.runs[i] as Verdict
      // Blocked: wait for the engine's message; allowed: what the browser prints within 300 ms.
      const message = verdict.outcome === 'blocked' ? verdict.message : undefined
      const lines = message === undefined
        ? await consoleUntil(page, () => false, 300)
        : await consoleUntil(page, (seen) => printed(seen, message), 3000)
      observed.push({ run, entries: (await readJournal(server.url)).filter((e) => e.id > since), console: lines })
    }

    const last = observed[observed.length - 1] as Observed
    const lastVerdict = engine.verdict

    // Outcome: the browser, the scenario's expectation and the engine agree, on every repeat.
    expect(last.run.outcome, `${browser} ${last.run.error ?? ''}`).toBe(expected.outcome)
    expect(lastVerdict.outcome).toBe(expected.outcome)
    expect(observed.map((o) => o.run.outcome)).toEqual(engine.runs.map((v) => v.outcome))
    // Where and why: the engine's stage and reason are the scenario's; the browser's words for them
    // are checked against the engine's message below, and the stage against what reached the server.
    expect([lastVerdict.stage, lastVerdict.reason]).toEqual([expected.stage, expected.reason])

    // Everything that reached the server belongs to this scenario's prefix and this test's query.
    for (const o of observed) {
      expect(o.entries.length).toBeGreaterThan(0)
      for (const entry of o.entries) expect([entry.scenario, entry.path]).toEqual([name, expect.stringContaining(`run=${tag}`)])
    }

    // Preflights, as the server saw them: per repeat, whether one came and what it asked for.
    const preflights = observed.map((o) => o.entries.filter((e) => e.preflight))
    expect(preflights[0]!.length > 0, 'a preflight on the first send').toBe(expected.preflight)
    expect((engine.runs[0] as Verdict).preflight !== null).toBe(expected.preflight)
    const total = preflights.reduce((sum, list) => sum + list.length, 0)
    expect(total, 'preflights the server saw').toBe(engine.preflights)
    if (expected.preflights !== undefined) expect(total).toBe(expected.preflights)
    else expect(total).toBe(expected.preflight ? repeat : 0)
    for (const [i, sent] of preflights.entries()) {
      const verdict = engine.runs[i] as Verdict
      expect(sent.length, `preflights on send ${i + 1}`).toBe(verdict.preflights)
      const first = sent[0]
      if (first === undefined) continue
      expect({
        method: first.method,
        origin: first.origin,
        requestMethod: header(first, 'access-control-request-method'),
        requestHeaders: header(first, 'access-control-request-headers'),
      }).toEqual({
        method: 'OPTIONS',
        origin: pageOrigin.origin,
        requestMethod: modeled(verdict, 'access-control-request-method'),
        requestHeaders: modeled(verdict, 'access-control-request-headers'),
      })
    }

    // What reached the route: a request blocked at its preflight never went out; any other did, with
    // the page's origin.
    const requests = last.entries.filter((e) => !e.preflight)
    if (expected.stage === 'preflight') expect(requests).toEqual([])
    else expect(requests[0]?.origin).toBe(pageOrigin.origin)

    if (last.run.outcome === 'allowed') {
      expect(last.run.status).toBe(lastVerdict.status)
      expect(last.run.status).toBe(requests[requests.length - 1]?.status)
      // Readable headers: hidden ones read as null, though the server did send them.
      const hidden = expected.hiddenHeaders ?? []
      const exposed = (lastVerdict.exposedHeaders ?? []).map((h) => h.toLowerCase())
      for (const name of readHeaders) {
        const sent = requests.some((e) => e.responseHeaders.some(([n]) => n.toLowerCase() === name.toLowerCase()))
        expect(sent, `the server sent ${name}`).toBe(true)
        expect(last.run.readable[name] === null, `${name} hidden from the page`).toBe(hidden.includes(name))
        expect(exposed.includes(name.toLowerCase()), `${name} exposed per the engine`).toBe(!hidden.includes(name))
      }
    } else if (initiator === 'fetch') {
      expect(last.run.error).toBe(`TypeError: ${lastVerdict.error}`)
    } else if (initiator === 'xhr') {
      expect(`XMLHttpRequest: ${last.run.error}`).toBe(lastVerdict.error)
    } else {
      // axios turns XHR's error event into the same AxiosError in every browser.
      expect(last.run.axios).toEqual({ name: 'AxiosError', message: 'Network Error', code: 'ERR_NETWORK', isAxiosError: true, response: null, requestStatus: 0 })
    }

    // The journal's verdicts are Chromium's for fetch(): in Chromium they must say what Chromium
    // did, and why, in Chromium's words. (A hop reached through a cross-origin redirect arrives with
    // Origin: null and the journal judges it alone, so its text cannot name the redirect or the
    // page's origin as Chromium's does; for such a hop only the reason is compared.) The server
    // cannot tell an XHR from a fetch(), so for those only the stage and reason are compared.
    if (browser === 'chromium') {
      const refusing = last.entries.filter((e) => e.verdict?.outcome === 'blocked')
      if (expected.outcome === 'blocked') {
        expect(refusing.map((e) => [e.verdict?.stage, e.verdict?.reason])).toContainEqual([expected.stage, expected.reason])
        const shown = refusing.filter((e) => e.origin === pageOrigin.origin).map((e) => e.verdict?.message ?? '')
        if (initiator === 'fetch' && last.console !== null && shown.length > 0) {
          expect(shown.some((text) => printed(last.console as string[], text)), `journal says ${JSON.stringify(shown)}, Chromium printed ${JSON.stringify(last.console)}`).toBe(true)
        }
      } else {
        expect(refusing).toEqual([])
      }
    }

    // Console text, where the browser gives it: the engine's message for each blocked send, and no
    // CORS complaint about this test's URL for an allowed one.
    for (const [i, o] of observed.entries()) {
      if (o.console === null) continue
      const verdict = engine.runs[i] as Verdict
      if (verdict.outcome === 'blocked') {
        expect(verdict.message, 'the engine has console text for a blocked request').toBeTruthy()
        expect(printed(o.console, verdict.message as string), `console of send ${i + 1}: ${JSON.stringify(verdict.message)} among\n${o.console.join('\n')}`).toBe(true)
      } else {
        expect(o.console.filter((line) => line.includes(url))).toEqual([])
      }
    }
  }, 30_000)
})
