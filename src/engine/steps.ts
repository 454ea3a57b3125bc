import { CorslabError } from '../errors.ts'
import { startFetch, type FetchState } from './fetch-state.ts'
import { httpFetch, preflightDue, requestToSend, type DuePreflight } from './http-fetch.ts'
import { portBlocking } from './bad-port.ts'
import { mainFetch } from './main-fetch.ts'
import { preflightAnswered, preflightToSend } from './preflight-fetch.ts'
import { profiles } from './profiles.ts'
import { localNetworkAccessOf, localNetworkCheck, targetAddressSpaceOption } from './local-network.ts'
import { httpRedirectFetch } from './redirect-fetch.ts'
import { refusedRequest } from './verdict.ts'
import { classifyRequest } from './request.ts'
import type { Answer, AnswerRequest, BrowserName, PageRequest, SimulateOptions, Verdict } from './types.ts'

/**
 * One fetch() as steps, an iterator: each `next(answer)` takes the server's answer to the request
 * last yielded (`null`: no answer, the connection failed; nothing on the first call), runs the
 * protocol up to the next request the browser sends and yields it, or returns the verdict.
 */
export type SimulationSteps = Iterator<AnswerRequest, Verdict, Answer | null>

/** simulate()'s options without `resolve`: whoever drives the steps supplies the answers. */
export type StepOptions = Omit<SimulateOptions, 'resolve'>

/** Reads `options.browser` (default `chromium`), or throws a CorslabError naming the choices. */
export function browserOf(options: { browser?: BrowserName }): BrowserName {
  const browser = options.browser ?? 'chromium'
  if (!Object.hasOwn(profiles, browser)) {
    throw new CorslabError('E_INVALID_OPTION', `Failed to read options.browser: ${JSON.stringify(browser)} is not one of 'chromium', 'firefox', 'webkit'.`)
  }
  return browser
}

/**
 * What `browser` does with one fetch(), as steps that ask for each answer when the browser would
 * send the request, so the answers can come from anywhere and take any time: a real server, a
 * user's handler, a recording. `simulate()` drives the same steps with the answers it is given.
 * Invalid input throws here, before the first step (a CorslabError).
 *
 * @example
 * import { simulateSteps } from 'corslab'
 *
 * const steps = simulateSteps({ url: 'https://api.example.com/items', origin: 'https://app.example.com', method: 'PUT' })
 * let step = steps.next()
 * while (!step.done) {
 *   const { kind, url, method, headers } = step.value // the preflight (OPTIONS) or the request, as sent
 *   const response = await fetch(url, { method, headers, redirect: 'manual' })
 *   step = steps.next({ status: response.status, headers: [...response.headers] })
 * }
 * const verdict = step.value // { outcome: 'allowed' | 'blocked' | 'opaque', ... }
 */
export function simulateSteps(request: PageRequest, options: StepOptions = {}): SimulationSteps {
  return startSteps(request, browserOf(options), options)
}

/** simulateSteps, as the state object itself: `advance` for a driver that needs no iterator results. */
export function startSteps(request: PageRequest, browser: BrowserName, options: StepOptions): FetchSteps {
  const classified = classifyRequest(request, browser)
  return new FetchSteps(startFetch(classified, browser, profiles[browser], options.preflightCache, options.now ?? Date.now(), localNetworkAccessOf(options)))
}

export const isVerdict = (next: object): next is Verdict => 'outcome' in next

// An explicit state object rather than a generator: resuming a generator costs 40-70 ns here, a
// tenth of a simple GET's whole verdict (bench/engine.ts); simulate() calls `advance` itself, without
// the iterator's result objects. A new check (a permission, an initiator's rule) is one more step
// function in `advance`, in its own file.
export class FetchSteps implements SimulationSteps {
  private readonly fetch: FetchState
  // What the request handed out last waits for: the preflight's answer (with what it asked), the
  // request's, or nothing yet.
  private awaiting: DuePreflight | 'response' | null = null
  private verdict: Verdict | null = null

  constructor(fetch: FetchState) {
    this.fetch = fetch
  }

  next(answer: Answer | null = null): IteratorResult<AnswerRequest, Verdict> {
    if (this.verdict === null) {
      const next = this.advance(answer)
      if (!isVerdict(next)) return { done: false, value: next }
      this.verdict = next
    }
    return { done: true, value: this.verdict }
  }

  /**
   * Main fetch, and HTTP fetch inside it, for each URL of the redirect chain, resumed where the last
   * request left it: returns the next request the browser sends, or the verdict (once).
   */
  advance(answer: Answer | null): AnswerRequest | Verdict {
    const fetch = this.fetch
    const awaiting = this.awaiting
    if (awaiting !== null) {
      // The Local Network Access check, on the connection for the URL's first request.
      const refused = localNetworkCheck(fetch, answer, awaiting !== 'response')
      if (refused !== null) return refused
    }
    if (awaiting === 'response') {
      // HTTP fetch, steps 4.4-6: the CORS check on the answer, then the redirect mode.
      const result = httpFetch(fetch, answer)
      if (isVerdict(result)) return result
      // HTTP-redirect fetch moves the request to the next URL, where main fetch runs again.
      const refused = httpRedirectFetch(fetch, result)
      if (refused !== null) return refused
    } else if (awaiting !== null) {
      // CORS-preflight fetch, steps 6-7: the answer checked and cached; then the request goes.
      const refused = preflightAnswered(fetch, awaiting, answer)
      if (refused !== null) return refused
      return this.send(requestToSend(fetch), 'response')
    }
    // What fetch() (or XHR) refuses before anything is sent, and fetch()'s own options.
    if (awaiting === null && fetch.hop === 0) {
      const refusal = refusedRequest(fetch) ?? targetAddressSpaceOption(fetch)
      if (refusal !== null) return refusal
    }
    // Main fetch, step 12: the response tainting, or a refusal before anything is sent.
    const refused = mainFetch(fetch)
    if (refused !== null) return refused
    // HTTP fetch, step 4.1: a CORS-preflight fetch where the method or a header is not safelisted.
    const due = preflightDue(fetch)
    // Main fetch, step 7 (which browsers run after the mode's checks): a bad port, before anything goes.
    const badPort = portBlocking(fetch, due !== null)
    if (badPort !== null) return badPort
    if (due !== null) return this.send(preflightToSend(fetch, due), due)
    return this.send(requestToSend(fetch), 'response')
  }

  private send(request: AnswerRequest, awaiting: DuePreflight | 'response'): AnswerRequest {
    this.awaiting = awaiting
    return request
  }
}
