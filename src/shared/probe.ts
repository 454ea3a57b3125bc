import {
  createPreflightCache,
  simulate,
  type AnswerRequest,
  type AnswerResolver,
  type BrowserName,
  type HeaderList,
  type PreflightCache,
  type PageRequest,
  type Verdict,
} from '../engine/index.ts'
import { prepareAnswer } from '../scenarios/answer.ts'
import { catalog, getScenario } from '../scenarios/catalog.ts'
import type { Expectation, RouteAnswer, Scenario, ScenarioRequest } from '../scenarios/types.ts'
import { splitScenarioPrefix } from './scenario-prefix.ts'

/** Where the probe runs: the API on one origin, the page on another (the dashboard's, by default). */
export const defaultApiUrl = 'http://127.0.0.1:4010'
export const defaultPageOrigin = 'http://127.0.0.1:4011'

export interface ProbeOptions {
  /** The server's base URL. Default `http://127.0.0.1:4010`. */
  apiUrl?: string
  /** The page's origin. Default `http://127.0.0.1:4011`. */
  pageOrigin?: string
  /** Send the probe under `/@NAME/` instead of to the server's root (the active scenario). */
  prefixed?: boolean
  /** The route behind the scenario (the server's mock routes); default: a 200 with no body. */
  route?: (request: ScenarioRequest) => RouteAnswer
  /** Scenarios a `/@NAME/` path in a redirect may name. Default: the built-in catalog. */
  scenarios?: readonly Scenario[]
}

/** The fetch() call the probe is, as the engine takes it. */
export function probeRequest(scenario: Scenario, options: ProbeOptions = {}): PageRequest {
  const api = new URL(options.apiUrl ?? defaultApiUrl)
  const prefix = options.prefixed ? `/@${scenario.name}` : ''
  const base = api.pathname.replace(/\/$/, '')
  return {
    url: new URL(`${base}${prefix}${scenario.probe.path}`, api).href,
    origin: options.pageOrigin ?? defaultPageOrigin,
    method: scenario.probe.method,
    headers: Object.entries(scenario.probe.headers ?? {}),
    credentials: scenario.probe.credentials ?? 'same-origin',
    mode: 'cors',
    redirect: 'follow',
  }
}

// The scenario a URL is served under, and the path under it, as the server resolves it.
function scenarioFor(url: URL, fallback: Scenario, scenarios: readonly Scenario[]): { scenario: Scenario, path: string } {
  const { name, path } = splitScenarioPrefix(url.pathname + url.search)
  if (name === undefined) return { scenario: fallback, path }
  const scenario = name === fallback.name ? fallback : getScenario(name, scenarios)
  return { scenario, path }
}

/** One answer the server gave while the browser ran the probe: what was asked (its headers aside), and the answer. */
export interface ProbeAnswer extends Omit<AnswerRequest, 'headers'> {
  status: number
  /** The answer's header lines. */
  headers: HeaderList
}

/**
 * Answers what the browser sends, as the server would: the scenario (the one a `/@NAME/` path names,
 * else this one, as if active) through `answer()`, around the route's answer. The engine calls it
 * for each preflight and request, so redirects, the origin turning `null` and the preflight cache
 * are the engine's, per browser.
 */
export function probeResolver(scenario: Scenario, options: ProbeOptions = {}, record?: ProbeAnswer[]): AnswerResolver {
  const scenarios = options.scenarios ?? catalog
  return (sent) => {
    const url = new URL(sent.url)
    const { scenario: served, path } = scenarioFor(url, scenario, scenarios)
    const request: ScenarioRequest = { method: sent.method, path, headers: [['host', url.host], ...sent.headers] }
    const prepared = prepareAnswer(served, request)
    const result = prepared.complete(prepared.fromCors || options.route === undefined ? undefined : options.route(request))
    record?.push({ kind: sent.kind, hop: sent.hop, url: sent.url, method: sent.method, status: result.status, headers: result.headers })
    return { status: result.status, headers: result.headers }
  }
}

export interface ProbeResult {
  /** The verdict of the last run. */
  verdict: Verdict
  /** One verdict per run (`probe.repeat`, default 1), sharing one preflight cache. */
  runs: Verdict[]
  /** Preflights sent across the runs. */
  preflights: number
  /** What the server answered during the first run, in order. */
  answers: ProbeAnswer[]
}

/**
 * What `browser` does with a scenario's probe (the request its file says shows it), against the
 * scenario's answers, run `probe.repeat` times.
 *
 * @example
 * simulateProbe(getScenario('missing-preflight'), 'firefox').verdict.reason // 'preflight-invalid-status'
 */
export function simulateProbe(scenario: Scenario, browser: BrowserName, options: ProbeOptions & { preflightCache?: PreflightCache, now?: number } = {}): ProbeResult {
  const request = probeRequest(scenario, options)
  const preflightCache = options.preflightCache ?? createPreflightCache()
  const now = options.now ?? Date.now()
  const answers: ProbeAnswer[] = []
  const runs: Verdict[] = []
  for (let i = 0; i < (scenario.probe.repeat ?? 1); i++) {
    const resolve = probeResolver(scenario, options, i === 0 ? answers : undefined)
    runs.push(simulate({ request }, { browser, preflightCache, now: now + i, resolve }))
  }
  const verdict = runs[runs.length - 1] as Verdict
  return { verdict, runs, preflights: runs.reduce((sum, v) => sum + v.preflights, 0), answers }
}

/**
 * A probe result in the shape of a scenario's `expect` entry, to compare with it: `preflight` is
 * whether the first run sent one; `preflights` and `hiddenHeaders` are given where the scenario's
 * expectation (or probe) uses them.
 */
export function asExpectation(scenario: Scenario, result: ProbeResult, like?: Expectation): Expectation {
  const { verdict } = result
  const observed: Expectation = { outcome: verdict.outcome, preflight: (result.runs[0] ?? verdict).preflight !== null }
  if (verdict.stage !== undefined) observed.stage = verdict.stage
  if (verdict.reason !== undefined) observed.reason = verdict.reason
  if (like?.preflights !== undefined) observed.preflights = result.preflights
  const read = scenario.probe.readHeaders
  if (read !== undefined && verdict.outcome === 'allowed' && (like === undefined || like.hiddenHeaders !== undefined)) {
    const exposed = (verdict.exposedHeaders ?? []).map((h) => h.toLowerCase())
    observed.hiddenHeaders = read.filter((h) => !exposed.includes(h.toLowerCase()))
  }
  return observed
}
