import fc from 'fast-check'
import { expect, it } from 'vitest'
import { browsers, corsUnsafeRequestHeaderNames, simulate, type Exchange } from '../../src/index.ts'
import { api, page } from './support.ts'

// Any header line a server could send: names and values of arbitrary bytes (as latin-1 text).
const byteString = (max: number) => fc.uint8Array({ maxLength: max }).map((bytes) => String.fromCharCode(...bytes))
const corsName = fc.constantFrom(
  'access-control-allow-origin',
  'Access-Control-Allow-Origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'access-control-max-age',
  'location',
  'set-cookie',
)
const headerName = fc.oneof(corsName, byteString(20))
const headerValue = fc.oneof(fc.constantFrom('*', page, 'null', 'true', 'PUT', 'x-custom', '', ','), byteString(60))
const headerLines = fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 })
const status = fc.integer({ min: 100, max: 599 })
const answer = fc.record({ status, headers: headerLines })
const requestHeader = fc.tuple(
  fc.constantFrom('x-custom', 'authorization', 'content-type', 'accept', 'range', 'x-a', 'content-language'),
  fc.constantFrom('1', 'application/json', 'text/plain', 'bytes=0-1', 'en', 'Bearer t'),
)
const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'patch', 'DELETE', 'HEAD', 'OPTIONS', 'PURGE'),
  headers: fc.array(requestHeader, { maxLength: 4 }),
  credentials: fc.constantFrom('omit', 'same-origin', 'include') as fc.Arbitrary<'omit' | 'same-origin' | 'include'>,
  mode: fc.constantFrom('cors', 'no-cors', 'same-origin') as fc.Arbitrary<'cors' | 'no-cors' | 'same-origin'>,
  redirect: fc.constantFrom('follow', 'error', 'manual') as fc.Arbitrary<'follow' | 'error' | 'manual'>,
})
const browser = fc.constantFrom(...browsers)

type Req = typeof request extends fc.Arbitrary<infer R> ? R : never

function build(req: Req, chain: Array<{ preflight: Exchange['preflight']; response: { status: number; headers: Array<[string, string]> } }>): Exchange {
  const method = req.mode === 'no-cors' && !['GET', 'POST', 'HEAD'].includes(req.method) ? 'GET' : req.method
  return { request: { url: `${api}/api/items`, origin: page, ...req, method }, chain }
}

it('never throws on any header names and values a server could send', () => {
  fc.assert(
    fc.property(request, fc.array(fc.record({ preflight: fc.option(answer, { nil: null }), response: answer }), { minLength: 21, maxLength: 21 }), browser, (req, chain, name) => {
      const verdict = simulate(build(req, chain), { browser: name })
      expect(['allowed', 'blocked', 'opaque']).toContain(verdict.outcome)
    }),
    { numRuns: 400 },
  )
})

it('says allowed only when every check it names passed, and blocked only when the last failed', () => {
  fc.assert(
    fc.property(request, answer, answer, browser, (req, preflight, response, name) => {
      const verdict = simulate(build(req, [{ preflight, response }, ...Array.from({ length: 20 }, () => ({ preflight, response }))]), { browser: name })
      if (verdict.outcome === 'blocked') {
        expect(verdict.checks.at(-1)?.passed).toBe(false)
        expect(verdict.checks.slice(0, -1).every((c) => c.passed)).toBe(true)
        expect(verdict.reason).toBeDefined()
        expect(verdict.message).toBeTypeOf('string')
      } else {
        expect(verdict.checks.every((c) => c.passed)).toBe(true)
        expect(verdict.reason).toBeUndefined()
      }
    }),
    { numRuns: 400 },
  )
})

it('never lets an added header make a needed preflight unnecessary', () => {
  fc.assert(
    fc.property(request, requestHeader, browser, (req, extra, name) => {
      const base = { ...req, mode: 'cors' as const }
      const preflight = { status: 500 }
      const without = simulate(build(base, [{ preflight, response: { status: 200, headers: [] } }]), { browser: name })
      fc.pre(without.preflight !== null)
      const withExtra = simulate(build({ ...base, headers: [...base.headers, extra] }, [{ preflight, response: { status: 200, headers: [] } }]), { browser: name })
      expect(withExtra.preflight).not.toBeNull()
      const before = corsUnsafeRequestHeaderNames(base.headers)
      const after = corsUnsafeRequestHeaderNames([...base.headers, extra])
      expect(before.every((h) => after.includes(h))).toBe(true)
    }),
    { numRuns: 400 },
  )
})
