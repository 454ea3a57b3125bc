import { afterAll, beforeAll, expect, vi } from 'vitest'
import type { BrowserName, Verdict } from '../../../src/engine/index.ts'
import type { Expectation, Probe, Scenario } from '../../../src/scenarios/index.ts'
import { mockApiRoute } from '../../../src/shared/mock-api.ts'
import { asExpectation, simulateProbe } from '../../../src/shared/probe.ts'
import type { CorsHandlers } from '../../../src/msw/index.ts'

/** Where the parity probes run: an API on one origin, a page on another (jsdom's and happy-dom's default). */
export const target = 'http://127.0.0.1:4010'
export const origin = 'http://localhost:3000'

let nextPort = 4100
/** An API origin of its own, so that tests can run side by side, each with its handler set. */
export function targetFor(): string {
  // fetch() refuses its "bad ports" before anything is sent (https://fetch.spec.whatwg.org/#bad-port).
  if (nextPort === 4190) nextPort++
  return `http://127.0.0.1:${nextPort++}`
}

/** What a client library did with one request: a response (with a way to read a header) or a rejection. */
export type Sent = { ok: true, status: number, header: (name: string) => string | null } | { ok: false, error: unknown }

/** Sends the probe's request as a page would with one client library. */
export type Client = (url: string, probe: Probe) => Promise<Sent>

/** The engine's verdict for the probe, as the server would answer (the default API behind the scenario). */
export function engineExpectation(scenario: Scenario, browser: BrowserName, where: Where = {}): { expectation: Expectation, message: string | undefined } {
  const result = simulateProbe(scenario, browser, { route: mockApiRoute(), apiUrl: where.api ?? target, pageOrigin: where.page ?? origin, prefixed: where.prefixed ?? false })
  return { expectation: asExpectation(scenario, result, scenario.expect[browser]), message: result.verdict.message }
}

type Where = { page?: string, api?: string, prefixed?: boolean }

function probeVerdict(scenario: Scenario, browser: BrowserName, where: Where): Verdict {
  return simulateProbe(scenario, browser, { route: mockApiRoute(), apiUrl: where.api ?? target, pageOrigin: where.page ?? origin, prefixed: where.prefixed ?? false }).verdict
}

const withMode = (scenario: Scenario, credentials: 'same-origin' | 'include'): Scenario => ({ ...scenario, probe: { ...scenario.probe, credentials } })

/**
 * Where the environment cannot show the page's credentials mode (axios's http adapter): the
 * handlers assume `same-origin`, so the result is the engine's for that mode, and they warn once
 * when the engine's verdict (outcome, stage, reason, readable headers) differs with `include`.
 */
export function assumedExpectation(scenario: Scenario, browser: BrowserName, where: Where = {}): { expectation: Expectation, message: string | undefined, warns: boolean } {
  const assumed = withMode(scenario, 'same-origin')
  const a = probeVerdict(assumed, browser, where)
  const b = probeVerdict(withMode(scenario, 'include'), browser, where)
  const readable = (v: Verdict) => [...(v.exposedHeaders ?? [])].sort().join()
  const warns = a.outcome !== b.outcome || a.stage !== b.stage || a.reason !== b.reason || readable(a) !== readable(b)
  return { ...engineExpectation(assumed, browser, where), warns }
}

/** The result equals the engine's for the assumed mode (not the scenario's `expect`, which is for the probe's own mode). */
export function expectAssumed(scenario: Scenario, observed: Expectation, assumed: Expectation): void {
  const pick = (e: Expectation): Expectation => {
    const out: Expectation = { outcome: e.outcome, preflight: e.preflight }
    if (e.stage !== undefined) out.stage = e.stage
    if (e.reason !== undefined) out.reason = e.reason
    if (e.hiddenHeaders !== undefined) out.hiddenHeaders = e.hiddenHeaders
    return out
  }
  expect(pick(observed), `${scenario.name} against the engine for the assumed mode`).toEqual(pick(assumed))
}

/**
 * Collects this file's console.warn lines (the handlers' one warning per set, when the credentials
 * mode is unknown and matters); each test reads the lines that name its own API origin.
 */
export function collectWarnings(): (api: string) => string[] {
  const lines: string[] = []
  beforeAll(() => {
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')))
  })
  afterAll(() => vi.restoreAllMocks())
  return (api) => lines.filter((line) => line.includes(`${api}/`))
}

/** The one warning: it names the scenario, the assumed mode and the option that sets it. */
export function expectCredentialsWarning(lines: string[], scenario: Scenario): void {
  expect(lines).toHaveLength(1)
  expect(lines[0]).toContain(`under scenario '${scenario.name}'`)
  expect(lines[0]).toContain("corslab assumed 'same-origin'")
  expect(lines[0]).toContain("corsHandlers({ credentials: 'include' })")
}

/**
 * Runs the probe (`repeat` times) through `client` against handlers already in place, and reads
 * the result as an `expect` entry: the outcome from what the client saw, stage and reason from the
 * journal, the preflights from the journal, the hidden headers from what the client could read.
 */
export async function observe(scenario: Scenario, cors: CorsHandlers, client: Client, url = `${target}${scenario.probe.path}`): Promise<{ expectation: Expectation, last: Sent }> {
  const runs: Sent[] = []
  const firstRunEntries: number[] = []
  for (let i = 0; i < (scenario.probe.repeat ?? 1); i++) {
    runs.push(await client(url, scenario.probe))
    firstRunEntries.push(cors.journal.entries().length)
  }
  const entries = cors.journal.entries()
  const last = runs[runs.length - 1] as Sent
  const lastEntry = entries[entries.length - 1]
  const expectation: Expectation = {
    outcome: last.ok ? 'allowed' : 'blocked',
    preflight: entries.slice(0, firstRunEntries[0]).some((e) => e.preflight),
  }
  if (!last.ok) {
    expect(lastEntry?.verdict?.outcome, 'the journal records the block').toBe('blocked')
    if (lastEntry?.verdict?.stage !== undefined) expectation.stage = lastEntry.verdict.stage
    if (lastEntry?.verdict?.reason !== undefined) expectation.reason = lastEntry.verdict.reason
  }
  if (scenario.expect.chromium.preflights !== undefined) expectation.preflights = entries.filter((e) => e.preflight).length
  const read = scenario.probe.readHeaders
  if (read !== undefined && last.ok) expectation.hiddenHeaders = read.filter((name) => last.header(name) === null)
  return { expectation, last }
}

/** The observed result equals both the scenario's `expect` for this browser and the engine's verdict. */
export function expectParity(scenario: Scenario, browser: BrowserName, observed: Expectation, engine: Expectation): void {
  const expected = scenario.expect[browser]
  // Compare only what the scenario's expectation states (preflights and hidden headers are optional).
  const pick = (e: Expectation): Expectation => {
    const out: Expectation = { outcome: e.outcome, preflight: e.preflight }
    if (e.stage !== undefined) out.stage = e.stage
    if (e.reason !== undefined) out.reason = e.reason
    if (expected.preflights !== undefined) out.preflights = e.preflights ?? -1
    if (expected.hiddenHeaders !== undefined) out.hiddenHeaders = e.hiddenHeaders ?? ['(not read)']
    return out
  }
  expect(pick(observed), `${scenario.name} (${browser}) against the scenario's expect`).toEqual(pick(expected))
  expect(pick(observed), `${scenario.name} (${browser}) against the engine`).toEqual(pick(engine))
}

/** fetch() as a page calls it. */
export const fetchClient: Client = async (url, probe) => {
  try {
    const init: RequestInit = { method: probe.method, credentials: probe.credentials ?? 'same-origin' }
    if (probe.headers !== undefined) init.headers = probe.headers
    const response = await fetch(url, init)
    await response.arrayBuffer()
    return { ok: true, status: response.status, header: (name) => response.headers.get(name) }
  } catch (error) {
    return { ok: false, error }
  }
}

/** The slow scenario waits three seconds per preflight, as a browser would; give its tests room. */
export function timeoutFor(scenario: Scenario): number {
  return scenario.name === 'slow-preflight' ? 20_000 : 10_000
}

/** axios with one adapter: `http` (Node), `xhr` (the environment's XMLHttpRequest), `fetch` (the global fetch). */
export function axiosClient(axios: import('axios').AxiosStatic, adapter: 'http' | 'xhr' | 'fetch'): Client {
  return async (url, probe) => {
    try {
      const response = await axios.request({
        url,
        method: probe.method,
        headers: probe.headers ?? {},
        withCredentials: probe.credentials === 'include',
        // axios drops Content-Type when there is no body; a page that sends JSON has one.
        data: probe.headers?.['content-type'] === undefined ? undefined : '{}',
        adapter,
        validateStatus: () => true,
        transformResponse: (data: unknown) => data,
      })
      const headers = response.headers as Record<string, unknown>
      return { ok: true, status: response.status, header: (name) => (headers[name.toLowerCase()] as string | undefined) ?? null }
    } catch (error) {
      return { ok: false, error }
    }
  }
}
