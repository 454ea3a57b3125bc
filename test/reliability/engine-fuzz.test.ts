// simulate() under arbitrary input: header names and values of arbitrary bytes (and arbitrary UTF-16)
// in the request and in every answer, odd methods, origins, URLs, modes and statuses. It returns a
// well-formed verdict or throws a CorslabError with one of the engine's input codes; nothing else.
import fc from 'fast-check'
import { expect, test } from 'vitest'
import {
  browsers,
  createPreflightCache,
  isCorslabError,
  reasonIds,
  simulate,
  type Answer,
  type AnswerRequest,
  type CorslabErrorCode,
  type CredentialsMode,
  type Exchange,
  type RedirectMode,
  type RequestMode,
  type SimulateOptions,
  type Verdict,
} from '../../src/index.ts'

const api = 'http://localhost:4010'
const page = 'http://localhost:5173'

// The codes the engine documents for bad input (DESIGN.md: "Invalid input throws a CorslabError").
const inputCodes: CorslabErrorCode[] = ['E_INVALID_URL', 'E_INVALID_ORIGIN', 'E_INVALID_OPTION', 'E_INVALID_METHOD', 'E_FORBIDDEN_METHOD', 'E_INVALID_HEADER', 'E_INVALID_EXCHANGE']

const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => String.fromCharCode(...b))
const utf16 = (max: number) => fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: max })
const anyText = (max: number) => fc.oneof(bytes(max), utf16(max), fc.string({ unit: 'binary', maxLength: max }))

const corsNames = [
  'access-control-allow-origin', 'Access-Control-Allow-Origin', 'access-control-allow-credentials', 'access-control-allow-methods',
  'access-control-allow-headers', 'access-control-expose-headers', 'access-control-max-age', 'location', 'Location', 'vary', 'set-cookie',
]
const requestNames = [
  'content-type', 'authorization', 'x-custom', 'accept', 'accept-language', 'content-language', 'range', 'origin', 'host', 'cookie',
  'access-control-request-method', 'sec-fetch-mode', 'x-http-method-override', 'Content-Type',
]
const headerValue = fc.oneof(
  fc.constantFrom('*', page, 'null', 'true', 'PUT', 'GET, PUT', 'x-custom', '', ',', ' ', 'text/plain', 'application/json', 'bytes=0-', '/b', 'http://localhost:4020/c', '600', '-1'),
  anyText(80),
)
const lines = (names: string[], max: number) => fc.array(fc.tuple(fc.oneof(fc.constantFrom(...names), anyText(24)), headerValue), { maxLength: max })
// Headers as a page or a server may give them: a list (repeated lines kept) or a record.
const headers = (names: string[], max: number) => fc.oneof(lines(names, max), lines(names, max).map((l) => Object.fromEntries(l)))

const status = fc.oneof(
  fc.integer({ min: 100, max: 599 }),
  fc.constantFrom(200, 204, 301, 302, 303, 307, 308, 0, 99, 600, 1000, -1, 2.5, Number.NaN),
)
const answer: fc.Arbitrary<Answer> = fc.record({ status, headers: headers(corsNames, 8) }, { requiredKeys: ['status'] })

// Weighted towards valid values, so that each run usually gets past the request's checks.
const url = fc.oneof(
  { arbitrary: fc.constantFrom(`${api}/api/items`, `${api}/x`), weight: 6 },
  fc.constantFrom(`${api}/api/items`, `${api}/a?b=c#d`, 'https://example.com/', 'http://[::1]:4010/x', 'data:text/plain,hi', 'ftp://x/', 'about:blank', 'file:///etc/passwd', 'http://user:pass@localhost/', 'http://localhost:6000/bad-port'),
  anyText(40),
  fc.webUrl(),
)
const origin = fc.oneof({ arbitrary: fc.constantFrom(page, 'null', 'https://example.com', 'http://localhost:4010', 'http://[::1]:3000'), weight: 6 }, anyText(40))
const method = fc.oneof({ arbitrary: fc.constantFrom('GET', 'get', 'POST', 'put', 'PATCH', 'patch', 'DELETE', 'HEAD', 'OPTIONS', 'PURGE', 'CONNECT', 'TRACE', 'TRACK', ''), weight: 6 }, anyText(16))
const oneOf = <T extends string>(values: T[]) => fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 8 }, anyText(12)) as fc.Arbitrary<T>

const request = fc.record(
  {
    url,
    origin,
    method,
    headers: fc.oneof({ arbitrary: fc.constant<Array<[string, string]>>([]), weight: 2 }, headers(requestNames, 8)),
    credentials: oneOf<CredentialsMode>(['omit', 'same-origin', 'include']),
    mode: oneOf<RequestMode>(['cors', 'no-cors', 'same-origin']),
    redirect: oneOf<RedirectMode>(['follow', 'error', 'manual']),
  },
  { requiredKeys: ['url', 'origin'] },
)
// A valid request (known names, valid values), so that only the answers' bytes vary.
const validRequest = fc.record({
  url: fc.constantFrom(`${api}/api/items`, `${api}/api/items/1?x=1`),
  origin: fc.constantFrom(page, 'null'),
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'),
  headers: fc.array(fc.tuple(
    fc.constantFrom('content-type', 'authorization', 'x-custom', 'accept', 'content-language', 'range', 'x-a'),
    fc.constantFrom('1', 'application/json', 'text/plain', 'bytes=0-1', 'en', 'Bearer t', '', 'a b'),
  ), { maxLength: 5 }),
  credentials: fc.constantFrom('omit' as const, 'same-origin' as const, 'include' as const),
})
// A status a server can send; the answer's header lines are anything at all.
const validAnswer: fc.Arbitrary<Answer> = fc.record({ status: fc.integer({ min: 100, max: 599 }), headers: headers(corsNames, 8) })

const hop = fc.record({ preflight: fc.option(answer, { nil: null }), response: answer }, { requiredKeys: ['response'] })
const validHop = fc.record({ preflight: fc.option(validAnswer, { nil: null }), response: validAnswer })
const exchange: fc.Arbitrary<Exchange> = fc.oneof(
  fc.record({ request, preflight: fc.option(answer, { nil: null }), response: answer }, { requiredKeys: ['request', 'response'] }),
  fc.record({ request, chain: fc.array(hop, { minLength: 1, maxLength: 25 }) }),
)
const answeredExchange: fc.Arbitrary<Exchange> = fc.oneof(
  fc.record({ request: validRequest, preflight: fc.option(validAnswer, { nil: null }), response: validAnswer }),
  fc.record({ request: validRequest, chain: fc.array(validHop, { minLength: 1, maxLength: 25 }) }),
)
const browser = fc.constantFrom(...browsers)

const isList = (value: unknown): boolean => Array.isArray(value) && value.every((l) => Array.isArray(l) && l.length === 2 && typeof l[0] === 'string' && typeof l[1] === 'string')

/** The verdict contract (DESIGN.md, "Engine") checked field by field. */
function expectWellFormed(verdict: Verdict): void {
  expect(['allowed', 'blocked', 'opaque']).toContain(verdict.outcome)
  expect(browsers).toContain(verdict.browser)
  expect(typeof verdict.url).toBe('string')
  expect(typeof verdict.redirected).toBe('boolean')
  expect(Number.isInteger(verdict.preflights) && verdict.preflights >= 0).toBe(true)
  expect(isList(verdict.requestHeaders)).toBe(true)
  if (verdict.preflight !== null) {
    expect(verdict.preflight.method).toBe('OPTIONS')
    expect(typeof verdict.preflight.url).toBe('string')
    expect(isList(verdict.preflight.headers)).toBe(true)
    expect(verdict.preflights).toBeGreaterThanOrEqual(1)
  }
  expect(Array.isArray(verdict.checks)).toBe(true)
  for (const check of verdict.checks) {
    expect(typeof check.name).toBe('string')
    expect(typeof check.step).toBe('string')
    expect(typeof check.passed).toBe('boolean')
    expect(Number.isInteger(check.hop) && check.hop >= 0).toBe(true)
  }
  if (verdict.outcome === 'blocked') {
    expect(['request', 'preflight', 'response', 'redirect']).toContain(verdict.stage)
    expect(reasonIds).toContain(verdict.reason)
    // Empty only where the browser prints nothing: Firefox, for a redirect under redirect: 'error';
    // any browser, for a request fetch() refuses before sending anything (the page gets a TypeError).
    expect(typeof verdict.message).toBe('string')
    // No error only where the page never hears back (Firefox's XHR redirected to a bad port).
    if (verdict.pending) expect(verdict.error).toBeUndefined()
    else expect(typeof verdict.error).toBe('string')
    if (verdict.message === '' && verdict.stage === 'request') {
      expect(['forbidden-method', 'invalid-method', 'invalid-header', 'disallowed-by-mode', 'local-network-target-mismatch', 'bad-port']).toContain(verdict.reason)
      expect(verdict.preflights).toBe(0)
    } else if (verdict.message === '') {
      // Firefox: a redirect under redirect: 'error', or a no-cors one to a bad port.
      expect(verdict.browser).toBe('firefox')
      expect(['network-error', 'bad-port']).toContain(verdict.reason)
    }
    expect(verdict.status).toBeUndefined()
  } else {
    expect(verdict.reason).toBeUndefined()
    expect(verdict.stage).toBeUndefined()
    expect(verdict.checks.every((c) => c.passed)).toBe(true)
    expect(Number.isInteger(verdict.status)).toBe(true)
    if (verdict.outcome === 'opaque') expect(verdict.status).toBe(0)
    for (const name of verdict.exposedHeaders ?? []) {
      expect(typeof name).toBe('string')
      expect(name).toBe(name.toLowerCase())
    }
  }
  // A verdict is data: it survives JSON (tests and the journal serialize it).
  expect(() => JSON.stringify(verdict)).not.toThrow()
}

/** simulate() returns a well-formed verdict, or throws a CorslabError with an input code; anything else fails. */
function run(input: Exchange, options: SimulateOptions): Verdict | undefined {
  let verdict: Verdict
  try {
    verdict = simulate(input, options)
  } catch (error) {
    if (!isCorslabError(error)) throw new Error(`simulate threw something other than a CorslabError: ${String(error)}`, { cause: error })
    expect(inputCodes).toContain(error.code)
    expect(error.message).toMatch(/^\[corslab\] \S/)
    return undefined
  }
  expectWellFormed(verdict)
  return verdict
}

// Bounded for CI; CORSLAB_FUZZ_RUNS=100000 digs deeper locally (the time limit then grows with it).
const numRuns = Number(process.env.CORSLAB_FUZZ_RUNS ?? 1000)
const runs = { numRuns, interruptAfterTimeLimit: Math.max(15_000, numRuns * 15), markInterruptAsFailure: false }

test('any request and any answers: a well-formed verdict or a CorslabError with an input code', { timeout: runs.interruptAfterTimeLimit * 2 }, () => {
  let verdicts = 0
  fc.assert(fc.property(exchange, browser, (input, name) => {
    const first = run(input, { browser: name })
    if (first === undefined) return
    verdicts++
    // Same input, same verdict: no hidden state between calls without a cache.
    expect(JSON.stringify(simulate(input, { browser: name }))).toBe(JSON.stringify(first))
  }), runs)
  // Not every run may end in an input error, or the answers were never looked at.
  expect(verdicts).toBeGreaterThan(runs.numRuns / 20)
})

test('a valid request and answers of arbitrary header bytes: always a verdict, never an error', { timeout: runs.interruptAfterTimeLimit * 2 }, () => {
  fc.assert(fc.property(answeredExchange, browser, (input, name) => {
    // A CORS failure is a returned verdict, never a thrown error, whatever the server sends.
    expectWellFormed(simulate(input, { browser: name }))
  }), runs)
})

test('request header lines of arbitrary bytes: a verdict; a line fetch() refuses is named, and nothing is sent', { timeout: runs.interruptAfterTimeLimit * 2 }, () => {
  const request = fc.record({
    url: fc.constant(`${api}/api/items`),
    origin: fc.constant(page),
    method: fc.constantFrom('GET', 'PUT'),
    headers: headers(requestNames, 6),
  })
  let sent = 0
  fc.assert(fc.property(request, validAnswer, validAnswer, browser, (req, preflight, response, name) => {
    const verdict = simulate({ request: req, preflight, response }, { browser: name })
    expectWellFormed(verdict)
    if (verdict.reason !== 'invalid-header') {
      sent++
      return
    }
    expect([verdict.stage, verdict.message, verdict.preflight]).toEqual(['request', '', null])
    const lines = Array.isArray(req.headers) ? req.headers : Object.entries(req.headers)
    expect(lines.map(([n]) => n)).toContain(verdict.detail?.header)
  }), runs)
  expect(sent).toBeGreaterThan(runs.numRuns / 20)
})

test('answers from a resolver, arbitrary or missing, through a preflight cache shared by every run', { timeout: runs.interruptAfterTimeLimit * 2 }, () => {
  const preflightCache = createPreflightCache()
  let now = 0
  fc.assert(fc.property(validRequest, fc.array(fc.option(answer, { nil: null }), { minLength: 1, maxLength: 30 }), browser, (req, answers, name) => {
    let call = 0
    const resolve = (sent: AnswerRequest): Answer | null => {
      expect(['preflight', 'response']).toContain(sent.kind)
      expect(isList(sent.headers)).toBe(true)
      const given = answers[call++ % answers.length] ?? null
      // A response always exists; only a preflight may go unanswered.
      return sent.kind === 'response' && given === null ? { status: 200 } : given
    }
    now += 1000
    run({ request: req }, { browser: name, resolve, preflightCache, now })
    expect(preflightCache.size).toBeGreaterThanOrEqual(0)
  }), runs)
})
