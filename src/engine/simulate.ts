import { CorslabError } from '../errors.ts'
import { browserOf, isVerdict, startSteps } from './steps.ts'
import type { Answer, AnswerRequest, AnswerResolver, Exchange, Hop, SimulateOptions, Verdict } from './types.ts'

function hopsOf(exchange: Exchange): Hop[] {
  if (exchange.chain !== undefined) {
    if (!Array.isArray(exchange.chain) || exchange.chain.length === 0) {
      throw new CorslabError('E_INVALID_EXCHANGE', 'Failed to read exchange.chain: give one { preflight?, response } entry per URL, at least one.')
    }
    return exchange.chain
  }
  return [{ preflight: exchange.preflight ?? null, response: exchange.response as Answer }]
}

// The answer to what the browser sends: from the exchange, hop by hop.
function answerFrom(hops: Hop[], need: AnswerRequest): Answer | null {
  if (need.kind === 'preflight') return hops[need.hop]?.preflight ?? null
  const answer = hops[need.hop]?.response
  if (answer === undefined || answer === null) {
    const where = need.hop === 0 ? 'exchange.response (or exchange.chain[0].response)' : `exchange.chain[${need.hop}].response`
    throw new CorslabError('E_INVALID_EXCHANGE', `Failed to simulate: the request to ${need.url} needs an answer; give ${where}.`)
  }
  return answer
}

/**
 * What a browser does with one fetch(): https://fetch.spec.whatwg.org/#main-fetch, HTTP fetch,
 * CORS-preflight fetch and HTTP-redirect fetch, as `browser` runs them, with the answers the
 * exchange gives (or `options.resolve` supplies). A CORS failure is a verdict; only invalid input
 * throws (a CorslabError). To supply answers that take time, drive `simulateSteps` instead.
 *
 * @example
 * import { simulate } from 'corslab'
 * const verdict = simulate({
 *   request: { url: 'http://localhost:4010/api/items', origin: 'http://localhost:5173' },
 *   response: { status: 200, headers: { 'content-type': 'application/json' } },
 * }, { browser: 'firefox' })
 * verdict.outcome // 'blocked'
 * verdict.reason // 'missing-allow-origin'
 */
export function simulate(exchange: Exchange, options: SimulateOptions = {}): Verdict {
  const browser = browserOf(options)
  if (exchange === null || typeof exchange !== 'object') {
    throw new CorslabError('E_INVALID_EXCHANGE', 'Failed to simulate: pass { request, preflight?, response } or { request, chain }.')
  }
  const steps = startSteps(exchange.request, browser, options)
  const { resolve } = options
  const hops = resolve ? null : hopsOf(exchange)
  let next = steps.advance(null)
  while (!isVerdict(next)) next = steps.advance(hops === null ? (resolve as AnswerResolver)(next) : answerFrom(hops, next))
  return next
}
