import { describe, expect, it } from 'vitest'
import { createPreflightCache, isCorslabError, simulate, simulateSteps, type Answer, type AnswerRequest, type Exchange, type Verdict } from '../../src/index.ts'
import { acao, api, ok, other, page } from './support.ts'

const put = { url: `${api}/a`, origin: page, method: 'PUT', headers: { 'x-custom': '1' } }
const preflightPass: Answer = {
  status: 204,
  headers: { 'access-control-allow-origin': page, 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-custom', 'access-control-max-age': '60' },
}

/** Drives the steps with the chain's answers, recording what each step asked for. */
function drive(exchange: Required<Pick<Exchange, 'request' | 'chain'>>, options: Parameters<typeof simulateSteps>[1] = {}): { asked: AnswerRequest[]; verdict: Verdict } {
  const steps = simulateSteps(exchange.request, options)
  const asked: AnswerRequest[] = []
  let step = steps.next()
  while (!step.done) {
    asked.push(step.value)
    const hop = exchange.chain[step.value.hop]
    step = steps.next((step.value.kind === 'preflight' ? hop?.preflight : hop?.response) ?? null)
  }
  return { asked, verdict: step.value }
}

describe('simulateSteps', () => {
  it('asks for the preflight, then the request, each as the browser sends it, and returns simulate()\'s verdict', () => {
    const chain = [{ preflight: preflightPass, response: ok(acao()) }]
    const { asked, verdict } = drive({ request: put, chain })
    expect(asked.map(({ kind, hop, method, url }) => ({ kind, hop, method, url }))).toEqual([
      { kind: 'preflight', hop: 0, method: 'OPTIONS', url: `${api}/a` },
      { kind: 'response', hop: 0, method: 'PUT', url: `${api}/a` },
    ])
    expect(asked[0]?.headers).toEqual([
      ['accept', '*/*'],
      ['access-control-request-method', 'PUT'],
      ['access-control-request-headers', 'x-custom'],
      ['origin', page],
    ])
    expect(asked[1]?.headers).toEqual([['x-custom', '1'], ['origin', page]])
    expect(verdict).toEqual(simulate({ request: put, chain }))
    expect(verdict.outcome).toBe('allowed')
  })

  it('asks for nothing more once a step refused: a refused preflight never sends the request', () => {
    const refusing: Answer = { status: 204, headers: acao() }
    const { asked, verdict } = drive({ request: put, chain: [{ preflight: refusing, response: ok(acao()) }] })
    expect(asked.map((a) => a.kind)).toEqual(['preflight'])
    expect(verdict).toMatchObject({ outcome: 'blocked', stage: 'preflight', reason: 'method-not-allowed' })
  })

  it('follows a redirect hop by hop, with the origin a cross-origin redirect taints', () => {
    const chain = [
      { preflight: preflightPass, response: { status: 307, headers: [...acao(), ['location', `${other}/b`]] as Array<[string, string]> } },
      { preflight: { status: 204, headers: { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-custom' } }, response: ok(acao('*')) },
    ]
    const { asked, verdict } = drive({ request: put, chain })
    expect(asked.map((a) => `${a.hop} ${a.kind} ${a.url} origin=${a.headers.find(([n]) => n === 'origin')?.[1]}`)).toEqual([
      `0 preflight ${api}/a origin=${page}`,
      `0 response ${api}/a origin=${page}`,
      `1 preflight ${other}/b origin=null`,
      `1 response ${other}/b origin=null`,
    ])
    expect(verdict).toMatchObject({ outcome: 'allowed', redirected: true, url: `${other}/b`, preflights: 2 })
  })

  it('reads null as no answer: a network error at the step that asked', () => {
    const steps = simulateSteps(put)
    expect(steps.next().value).toMatchObject({ kind: 'preflight' })
    const end = steps.next(null)
    expect(end.done).toBe(true)
    expect(end.value).toMatchObject({ outcome: 'blocked', stage: 'preflight', reason: 'preflight-network-error' })
    // Done stays done, with the same verdict.
    expect(steps.next(ok(acao()))).toEqual({ done: true, value: end.value })
  })

  it('stores a preflight in the cache as soon as its answer passes, before the request is answered', () => {
    const cache = createPreflightCache()
    const first = simulateSteps(put, { preflightCache: cache, now: 0 })
    first.next()
    expect(first.next(preflightPass).value).toMatchObject({ kind: 'response' })
    expect(cache.size).toBe(1)
    // A second fetch started meanwhile finds it and sends no preflight.
    const second = simulateSteps(put, { preflightCache: cache, now: 1000 })
    expect(second.next().value).toMatchObject({ kind: 'response' })
  })

  it('lets answers arrive later: an async driver gets the same verdict', async () => {
    const chain = [{ preflight: preflightPass, response: ok(acao()) }]
    const later = (answer: Answer | null | undefined) => new Promise<Answer | null>((resolve) => setImmediate(() => resolve(answer ?? null)))
    const steps = simulateSteps(put, { browser: 'webkit' })
    let step = steps.next()
    while (!step.done) step = steps.next(await later(step.value.kind === 'preflight' ? chain[0]?.preflight : chain[0]?.response))
    expect(step.value).toEqual(simulate({ request: put, chain }, { browser: 'webkit' }))
  })

  it('throws on invalid input when called, before the first step', () => {
    const bad = () => simulateSteps({ url: 'not a url', origin: page })
    expect(bad).toThrow(/request\.url/)
    try {
      bad()
    } catch (error) {
      expect(isCorslabError(error) && error.code).toBe('E_INVALID_URL')
    }
    expect(() => simulateSteps(put, { browser: 'safari' as never })).toThrow(/options\.browser/)
  })
})
