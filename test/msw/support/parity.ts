import { expect } from 'vitest'
import type { BrowserName } from '../../../src/engine/index.ts'
import type { Expectation, Probe, Scenario } from '../../../src/scenarios/index.ts'
import { asExpectation, simulateProbe } from '../../../src/shared/probe.ts'
import { mockApiRoute } from '../../../src/shared/mock-api.ts'
import type { CorsHandlers } from '../../../src/msw/index.ts'

/** Where the parity probes run: an API on one origin, a page on another (jsdom's and happy-dom's default). */
export const target = 'http://127.0.0.1:4010'
export const origin = 'http://localhost:3000'

let nextPort = 4100
/** An API origin of its own, so that tests can run side by side, each with its handler set. */
export function targetFor(): string {
  return `http://127.0.0.1:${nextPort++}`
}

/** What a client library did with one request: a response (with a way to read a header) or a rejection. */
export type Sent = { ok: true, status: number, header: (name: string) => string | null } | { ok: false, error: unknown }

/** Sends the probe's request as a page would with one client library. */
export type Client = (url: string, probe: Probe) => Promise<Sent>

/** The engine's verdict for the probe, as the server would answer (the default API behind the scenario). */
export function engineExpectation(scenario: Scenario, browser: BrowserName, where: { page?: string, api?: string, prefixed?: boolean } = {}): { expectation: Expectation, message: string | undefined } {
  const result = simulateProbe(scenario, browser, { route: mockApiRoute(), apiUrl: where.api ?? target, pageOrigin: where.page ?? origin, prefixed: where.prefixed ?? false })
  return { expectation: asExpectation(scenario, result, scenario.expect[browser]), message: result.verdict.message }
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

/** axios with one adapter: `http` (Node), `xhr` (the environment's XMLHttpRequest). */
export function axiosClient(axios: import('axios').AxiosStatic, adapter: 'http' | 'xhr'): Client {
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
