import {
  createPreflightCache,
  isCorslabError,
  simulate,
  type BrowserName,
  type Exchange,
  type HeaderList,
  type PageRequest,
  type Verdict,
} from '../../src/index.ts'
import type { BrowserPage } from '../support/browsers/index.ts'
import { hopUrl, type GroundTruthCase, type Observation, type RunAddresses } from './case.ts'
import { runCase } from './observe.ts'
import type { ReplayServer } from './replay-server.ts'

/** The exchange a ground-truth case amounts to, as run at `run` (the replay server's placeholders filled in). */
export function toExchange(run: RunAddresses, c: GroundTruthCase): Exchange {
  const fill = (value: string, hop: number) => {
    const next = new URL(hopUrl(run, c, hop + 1))
    const values: Record<string, string> = {
      origin: run.page,
      api: run.api,
      other: run.other,
      next: next.href,
      'next-path': next.pathname,
      'next-host': next.host,
      'page-host': new URL(run.page).host,
      'api-host': new URL(run.api).host,
      'other-host': new URL(run.other).host,
      id: run.id,
    }
    return value.replace(/\{([a-z-]+)\}/g, (m, key: string) => values[key] ?? m)
  }
  const answer = (a: { status: number; headers: HeaderList }, hop: number) => ({
    status: a.status,
    headers: a.headers.map(([n, v]): [string, string] => [n, fill(v, hop)]),
  })
  const r = c.request
  const request: PageRequest = {
    url: hopUrl(run, c, 0),
    origin: run.page,
    ...(r.method === undefined ? {} : { method: r.method }),
    ...(r.headers === undefined ? {} : { headers: r.headers }),
    ...(r.credentials === undefined ? {} : { credentials: r.credentials }),
    ...(r.mode === undefined ? {} : { mode: r.mode }),
    ...(r.redirect === undefined ? {} : { redirect: r.redirect }),
  }
  if (r.initiator === 'xhr') request.initiator = 'xhr'
  // Listeners on xhr.upload; XHR sends the body for any method but GET and HEAD.
  if (r.uploadListener) request.uploadListeners = true
  return {
    request,
    // The replay server answers a preflight with the hop's response unless the case gives one.
    chain: c.hops.map((hop, i) => ({
      preflight: hop.preflight === 'close' ? null : answer(hop.preflight ?? hop.response, i),
      response: answer(hop.response, i),
    })),
  }
}

export interface Predicted {
  outcome: Observation['outcome']
  verdicts: Verdict[]
  error?: string
}

/**
 * A request fetch() or XHR refused before sending anything: the page got an exception (a
 * synchronous throw, or fetch()'s rejection of a Request it could not build), nothing went out and
 * nothing was printed.
 */
export const refusedBeforeSending = (v: Verdict) =>
  v.outcome === 'blocked' &&
  v.stage === 'request' &&
  v.message === '' &&
  v.checks.some((check) => !check.passed && (check.name === 'request-arguments' || check.name === 'target-address-space'))

/** What the engine says the browser does: each repeat of the case, sharing one preflight cache. */
export function predict(exchange: Exchange, browser: BrowserName, repeat = 1): Predicted {
  const cache = createPreflightCache()
  const verdicts: Verdict[] = []
  try {
    for (let i = 0; i < repeat; i++) verdicts.push(simulate(exchange, { browser, preflightCache: cache, now: 0 }))
  } catch (error) {
    if (isCorslabError(error)) return { outcome: 'threw', verdicts, error: error.message }
    throw error
  }
  const last = verdicts.at(-1) as Verdict
  if (refusedBeforeSending(last)) return { outcome: 'threw', verdicts, error: last.error ?? '' }
  return { outcome: last.outcome, verdicts }
}

const isPreflight = (r: Observation['requests'][number]) => r.method === 'OPTIONS' && r.headers['access-control-request-method'] !== undefined

/** Every way the browser's observation differs from the engine's prediction; empty when they agree. */
export function differences(observed: Observation, predicted: Predicted, c: GroundTruthCase): string[] {
  const out: string[] = []
  if (observed.outcome !== predicted.outcome) out.push(`outcome: browser ${observed.outcome}, engine ${predicted.outcome}`)
  if (predicted.outcome === 'threw') {
    if (predicted.verdicts.length === 0) out.push(`engine threw: ${predicted.error ?? ''}`)
    // fetch() throws the browser's own TypeError; XHR its DOMException, named in the text.
    const text = c.request.initiator === 'xhr' ? (predicted.error ?? '') : `TypeError: ${predicted.error ?? ''}`
    if (observed.outcome === 'threw' && observed.error !== text) out.push(`error: browser ${JSON.stringify(observed.error)}, engine ${JSON.stringify(text)}`)
    if (observed.requests.length > 0) out.push(`requests: the browser sent ${observed.requests.length}, the engine none`)
    if (observed.console !== null && observed.console.length > 0) out.push(`console: the browser printed ${JSON.stringify(observed.console)}, the engine nothing`)
    return out
  }
  const last = predicted.verdicts.at(-1) as Verdict

  const preflights = observed.requests.filter(isPreflight)
  const predictedPreflights = predicted.verdicts.reduce((n, v) => n + v.preflights, 0)
  // Chromium retries a request whose connection closed without an answer; one try is what counts.
  const retried = c.hops.some((h) => h.preflight === 'close') && preflights.length > predictedPreflights
  // WebKit starts the preflight of a URL a redirect gave, on a bad port, and then refuses it: whether
  // its bytes reach the server first is a race (docs/ground-truth.md). The engine counts it unsent.
  const raced = last.browser === 'webkit' && last.reason === 'bad-port' && last.stage === 'redirect' && preflights.length === predictedPreflights + 1
  if (preflights.length !== predictedPreflights && !retried && !raced) out.push(`preflights: browser sent ${preflights.length}, engine ${predictedPreflights}`)
  const first = preflights[0]
  const predictedFirst = predicted.verdicts.find((v) => v.preflight)?.preflight
  if (first && predictedFirst) {
    for (const name of ['access-control-request-method', 'access-control-request-headers', 'origin']) {
      const sent = first.headers[name]
      const modeled = predictedFirst.headers.find(([n]) => n === name)?.[1]
      if (sent !== modeled) out.push(`preflight ${name}: browser ${JSON.stringify(sent)}, engine ${JSON.stringify(modeled)}`)
    }
  }
  // The request's Origin on each hop that got the actual request.
  const actual = observed.requests.filter((r) => !isPreflight(r))
  const firstActual = actual[0]
  if (firstActual && last.requestHeaders) {
    const modeled = last.requestHeaders.find(([n]) => n === 'origin')?.[1]
    if (firstActual.headers.origin !== modeled && !(predicted.verdicts.length > 1)) {
      out.push(`request origin: browser ${JSON.stringify(firstActual.headers.origin)}, engine ${JSON.stringify(modeled)}`)
    }
  }
  if (observed.outcome === 'allowed' && last.outcome === 'allowed') {
    if (observed.status !== last.status) out.push(`status: browser ${observed.status}, engine ${last.status}`)
    // Only the lines the case sent: the replay server's own (date, connection, ...) are not modeled.
    const sent = new Set(c.hops.flatMap((h) => h.response.headers.map(([n]) => n.toLowerCase())))
    const seen = [...(observed.headerNames ?? [])].filter((n) => sent.has(n)).sort()
    const modeled = [...(last.exposedHeaders ?? [])].sort()
    if (JSON.stringify(seen) !== JSON.stringify(modeled)) out.push(`readable headers: browser ${seen.join(',')}, engine ${modeled.join(',')}`)
  }
  if (observed.outcome === 'blocked' && last.outcome === 'blocked') {
    // What the page's code sees: fetch()'s TypeError, or XHR's error event with status 0.
    // A page that got no event at all (observe.ts gives up after a while): the engine's `pending`.
    const seen = observed.error?.startsWith('pending') ? 'pending' : c.request.initiator === 'xhr' ? `XMLHttpRequest: ${observed.error ?? ''}` : observed.error
    const modeled = last.pending ? 'pending' : c.request.initiator === 'xhr' ? last.error : `TypeError: ${last.error ?? ''}`
    if (seen !== modeled) out.push(`error: browser ${JSON.stringify(seen)}, engine ${JSON.stringify(modeled)}`)
  }
  if (observed.outcome === 'blocked' && last.outcome === 'blocked' && observed.console !== null) {
    const text = last.message ?? ''
    // An empty message: the browser prints nothing for it.
    // WebKit prints its reason and its "cannot load" line as two console lines; the engine joins them
    // with \n. So the message must be one console line, or a run of consecutive ones, exactly.
    const printed = text === '' ? observed.console.length === 0 : printedAsRun(observed.console, text)
    if (!printed) {
      out.push(`console: engine ${JSON.stringify(text)}\n    browser ${observed.console.map((l) => JSON.stringify(l)).join('\n            ')}`)
    }
  }
  return out
}

/** Runs `c` in the page and asks the engine the same question; returns both and where they differ. */
export async function runAndCompare(page: BrowserPage, server: ReplayServer, c: GroundTruthCase, browser: BrowserName) {
  const repeat = c.request.repeat ?? 1
  // The console is compared only where the engine blocks (see differences): wait for its message
  // as an event; where it says nothing is printed, wait the fixed time for a line it did not expect.
  const consoleComplete = (run: RunAddresses) => {
    const expected = predict(toExchange(run, c), browser, repeat)
    const text = expected.outcome === 'blocked' ? expected.verdicts.at(-1)?.message ?? '' : null
    if (text === null) return () => true
    return text === '' ? null : (lines: readonly string[]) => printedAsRun(lines, text)
  }
  const observed = await runCase(page, server, c, { consoleComplete })
  const predicted = predict(toExchange(observed.run as RunAddresses, c), browser, repeat)
  return { observed, predicted, differences: differences(observed, predicted, c) }
}

function printedAsRun(lines: readonly string[], text: string): boolean {
  for (let i = 0; i < lines.length; i++) {
    let joined = lines[i] as string
    for (let j = i + 1; joined.length < text.length && j < lines.length; j++) joined += `\n${lines[j]}`
    if (joined === text || lines[i] === text) return true
  }
  return false
}
