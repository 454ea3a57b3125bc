import { describe, expect, it } from 'vitest'
import { browsers, simulate } from '../../src/index.ts'
import { acao, api, exchange, expectedFor, ok, other, page, type PerBrowser } from './support.ts'
import type { Answer, Exchange } from '../../src/index.ts'

const allowed = { outcome: 'allowed' } as const
const blocked = (stage: string, reason: string) => ({ outcome: 'blocked', stage, reason }) as const

const preflightOk = (extra: Array<[string, string]> = []) => ({
  status: 204,
  headers: [...acao(), ...extra] as Array<[string, string]>,
})
const put = { method: 'PUT' }
const credentialed = { credentials: 'include' as const }

const cases: Array<[string, Exchange, PerBrowser]> = [
  // CORS check (https://fetch.spec.whatwg.org/#concept-cors-check)
  ['CORS check step 4: ACAO equal to the origin passes', exchange({}, { response: ok(acao()) }), allowed],
  ['CORS check step 3: `*` passes without credentials', exchange({}, { response: ok(acao('*')) }), allowed],
  ['CORS check step 2: no ACAO fails', exchange({}, { response: ok() }), blocked('response', 'missing-allow-origin')],
  ['CORS check step 4: another origin fails', exchange({}, { response: ok(acao('http://example.com')) }), blocked('response', 'allow-origin-mismatch')],
  ['CORS check step 4: a trailing slash fails', exchange({}, { response: ok(acao(`${page}/`)) }), blocked('response', 'allow-origin-mismatch')],
  ['CORS check step 4: case matters', exchange({}, { response: ok(acao(page.toUpperCase())) }), blocked('response', 'allow-origin-mismatch')],
  ['CORS check step 4: `null` does not match a real origin', exchange({}, { response: ok(acao('null')) }), blocked('response', 'allow-origin-mismatch')],
  [
    'CORS check step 4: a value that is not a URL is invalid in Chromium, a mismatch elsewhere',
    exchange({}, { response: ok(acao('example.com')) }),
    { chromium: blocked('response', 'invalid-allow-origin'), all: blocked('response', 'allow-origin-mismatch') },
  ],
  [
    'CORS check step 1: two ACAO lines join into a list (Firefox compares the list as one value)',
    exchange({}, { response: ok([...acao(), ...acao()]) }),
    { firefox: blocked('response', 'allow-origin-mismatch'), all: blocked('response', 'multiple-allow-origin') },
  ],
  [
    'CORS check step 1: one line with a comma list is multiple, except in Firefox (a mismatch)',
    exchange({}, { response: ok(acao(`${page}, http://example.com`)) }),
    { firefox: blocked('response', 'allow-origin-mismatch'), all: blocked('response', 'multiple-allow-origin') },
  ],
  [
    'CORS check step 1: a value with a space is multiple in Chromium only',
    exchange({}, { response: ok(acao(`${page} http://example.com`)) }),
    { chromium: blocked('response', 'multiple-allow-origin'), all: blocked('response', 'allow-origin-mismatch') },
  ],
  ['CORS check step 3: `*` fails with credentials', exchange(credentialed, { response: ok(acao('*')) }), blocked('response', 'wildcard-origin-with-credentials')],
  [
    'CORS check steps 6-8: credentials need ACAC `true`',
    exchange(credentialed, { response: ok(acao()) }),
    blocked('response', 'invalid-allow-credentials'),
  ],
  [
    'CORS check step 7: ACAC is case-sensitive',
    exchange(credentialed, { response: ok([...acao(), ['access-control-allow-credentials', 'True']]) }),
    blocked('response', 'invalid-allow-credentials'),
  ],
  [
    'CORS check step 7: ACAC `true` with the exact origin passes',
    exchange(credentialed, { response: ok([...acao(), ['access-control-allow-credentials', 'true']]) }),
    allowed,
  ],
  [
    'CORS check step 5: ACAC is ignored without credentials',
    exchange({ credentials: 'omit' }, { response: ok([...acao(), ['access-control-allow-credentials', 'false']]) }),
    allowed,
  ],
  [
    'which reason wins: `*` with credentials and a bad ACAC is the wildcard error',
    exchange(credentialed, { response: ok([...acao('*'), ['access-control-allow-credentials', 'yes']]) }),
    blocked('response', 'wildcard-origin-with-credentials'),
  ],
  [
    'which reason wins: two `*` lines with credentials',
    exchange(credentialed, { response: ok([...acao('*'), ...acao('*')]) }),
    { firefox: blocked('response', 'allow-origin-mismatch'), all: blocked('response', 'multiple-allow-origin') },
  ],
  ['the CORS check applies to error statuses too', exchange({}, { response: { status: 500 } }), blocked('response', 'missing-allow-origin')],
  ['an error status that passes the CORS check is allowed', exchange({}, { response: { status: 404, headers: acao() } }), allowed],

  // CORS-preflight fetch (https://fetch.spec.whatwg.org/#cors-preflight-fetch)
  [
    'a preflight sent without an answer is a network error',
    exchange(put, { response: ok(acao()) }),
    blocked('preflight', 'preflight-network-error'),
  ],
  [
    'preflight step 7: a 404 preflight without ACAO: Chromium and Firefox report the ACAO, WebKit the status',
    exchange(put, { preflight: { status: 404 }, response: ok(acao()) }),
    { webkit: blocked('preflight', 'preflight-invalid-status'), all: blocked('preflight', 'missing-allow-origin') },
  ],
  [
    'preflight step 7: a 401 preflight with ACAO fails on its status',
    exchange(put, { preflight: { status: 401, headers: [...acao(), ['access-control-allow-methods', 'PUT']] }, response: ok(acao()) }),
    blocked('preflight', 'preflight-invalid-status'),
  ],
  [
    'preflight: a redirect is never followed',
    exchange(put, { preflight: { status: 301, headers: [...acao(), ['location', `${api}/api/items/`]] }, response: ok(acao()) }),
    blocked('preflight', 'preflight-redirect'),
  ],
  [
    'preflight step 7.5: a method not in ACAM fails',
    exchange(put, { preflight: preflightOk(), response: ok(acao()) }),
    blocked('preflight', 'method-not-allowed'),
  ],
  [
    'preflight step 7.5: ACAM lists the method',
    exchange(put, { preflight: preflightOk([['access-control-allow-methods', 'GET, PUT']]), response: ok(acao()) }),
    allowed,
  ],
  [
    'preflight step 7.5: methods compare case-sensitively, and `patch` is not normalized',
    exchange({ method: 'patch' }, { preflight: preflightOk([['access-control-allow-methods', 'PATCH']]), response: ok(acao()) }),
    blocked('preflight', 'method-not-allowed'),
  ],
  [
    'preflight step 7.5: `*` allows any method without credentials',
    exchange({ method: 'DELETE' }, { preflight: preflightOk([['access-control-allow-methods', '*']]), response: ok(acao()) }),
    allowed,
  ],
  [
    'preflight step 7.5: `*` is a literal method name with credentials',
    exchange(
      { method: 'DELETE', credentials: 'include' },
      { preflight: preflightOk([['access-control-allow-methods', '*'], ['access-control-allow-credentials', 'true']]), response: ok(acao()) },
    ),
    blocked('preflight', 'method-not-allowed'),
  ],
  [
    'preflight step 7.3: an ACAM item that is not a token fails to parse',
    exchange(put, { preflight: preflightOk([['access-control-allow-methods', 'PUT;']]), response: ok(acao()) }),
    blocked('preflight', 'invalid-allow-methods'),
  ],
  [
    'preflight step 7.3: an ACAH item that is not a token fails to parse',
    exchange({ headers: { 'x-custom': '1' } }, { preflight: preflightOk([['access-control-allow-headers', 'x custom']]), response: ok(acao()) }),
    blocked('preflight', 'invalid-allow-headers'),
  ],
  [
    'preflight step 7.7: an unsafe header not in ACAH fails',
    exchange({ headers: { 'x-custom': '1' } }, { preflight: preflightOk(), response: ok(acao()) }),
    blocked('preflight', 'header-not-allowed'),
  ],
  [
    'preflight step 7.7: header names compare case-insensitively',
    exchange({ headers: { 'x-custom': '1' } }, { preflight: preflightOk([['access-control-allow-headers', 'X-Custom']]), response: ok(acao()) }),
    allowed,
  ],
  [
    'preflight step 7.7: `*` allows any header without credentials',
    exchange({ headers: { 'x-custom': '1', 'content-type': 'application/json' } }, { preflight: preflightOk([['access-control-allow-headers', '*']]), response: ok(acao()) }),
    allowed,
  ],
  [
    'preflight step 7.7: `*` is literal with credentials',
    exchange(
      { headers: { 'x-custom': '1' }, credentials: 'include' },
      {
        preflight: preflightOk([['access-control-allow-headers', '*'], ['access-control-allow-credentials', 'true']]),
        response: ok([...acao(), ['access-control-allow-credentials', 'true']]),
      },
    ),
    blocked('preflight', 'header-not-allowed'),
  ],
  [
    'preflight step 7.6: `*` covers Authorization in every browser (Chromium 156, Firefox and WebKit depart from the spec)',
    exchange({ headers: { authorization: 'Bearer t' } }, { preflight: preflightOk([['access-control-allow-headers', '*']]), response: ok(acao()) }),
    allowed,
  ],
  [
    'preflight step 7.6: Authorization listed by name passes',
    exchange({ headers: { authorization: 'Bearer t' } }, { preflight: preflightOk([['access-control-allow-headers', 'Authorization']]), response: ok(acao()) }),
    allowed,
  ],
  [
    'preflight step 7: the preflight needs ACAC too when credentialed',
    exchange(
      { method: 'PUT', credentials: 'include' },
      { preflight: preflightOk([['access-control-allow-methods', 'PUT']]), response: ok([...acao(), ['access-control-allow-credentials', 'true']]) },
    ),
    blocked('preflight', 'invalid-allow-credentials'),
  ],
  [
    'preflight passes but the response lacks ACAO',
    exchange(put, { preflight: preflightOk([['access-control-allow-methods', 'PUT']]), response: ok() }),
    blocked('response', 'missing-allow-origin'),
  ],
  [
    'a safelisted method with only safelisted headers sends no preflight',
    exchange({ method: 'POST', headers: { 'content-type': 'text/plain' } }, { response: ok(acao()) }),
    allowed,
  ],

  // Main fetch step 12: modes and schemes
  ['mode same-origin refuses another origin', exchange({ mode: 'same-origin' }, { response: ok(acao()) }), blocked('request', 'disallowed-by-mode')],
  [
    'mode no-cors with redirect "manual" is a network error',
    exchange({ mode: 'no-cors', redirect: 'manual' }, { response: ok() }),
    blocked('request', 'disallowed-by-mode'),
  ],
  ['mode no-cors gives an opaque response without any CORS check', exchange({ mode: 'no-cors' }, { response: ok() }), { outcome: 'opaque' }],
  ['a non-HTTP(S) scheme in cors mode is refused', exchange({ url: 'ftp://localhost/file' }, { response: ok() }), blocked('request', 'cors-disabled-scheme')],
  ['a same-origin request needs no CORS headers', exchange({ url: `${page}/api`, method: 'PUT', headers: { 'x-custom': '1' } }, { response: ok() }), allowed],

  // HTTP-redirect fetch
  [
    'redirect: each redirect response gets a CORS check',
    exchange({}, { chain: [{ response: { status: 302, headers: { location: `${api}/next` } } }, { response: ok(acao()) }] }),
    blocked('redirect', 'missing-allow-origin'),
  ],
  [
    'redirect: a location with credentials is refused',
    exchange({}, { chain: [{ response: { status: 302, headers: [...acao(), ['location', 'http://user:pass@localhost:4020/x']] } }, { response: ok(acao('*')) }] }),
    blocked('redirect', 'redirect-contains-credentials'),
  ],
  [
    'redirect: a location with a non-HTTP(S) scheme is refused',
    exchange({}, { chain: [{ response: { status: 302, headers: [...acao(), ['location', 'ftp://localhost/x']] } }] }),
    blocked('redirect', 'redirect-disallowed-scheme'),
  ],
  [
    'redirect: redirect "error" turns a redirect into a network error',
    exchange({ redirect: 'error' }, { chain: [{ response: { status: 302, headers: [...acao(), ['location', `${api}/next`]] } }] }),
    blocked('redirect', 'network-error'),
  ],
  [
    'redirect: after a cross-origin redirect the origin is null, so the page origin no longer matches',
    exchange({}, { chain: [{ response: { status: 302, headers: [...acao(), ['location', `${other}/x`]] } }, { response: ok(acao()) }] }),
    blocked('response', 'allow-origin-mismatch'),
  ],
  [
    'redirect: after a cross-origin redirect `null` matches',
    exchange({}, { chain: [{ response: { status: 302, headers: [...acao(), ['location', `${other}/x`]] } }, { response: ok(acao('null')) }] }),
    allowed,
  ],
]

describe.each(browsers)('simulate, %s profile', (browser) => {
  it.each(cases)('%s', (_name, input, expected) => {
    const want = expectedFor(expected, browser)
    const verdict = simulate(input, { browser })
    expect({ outcome: verdict.outcome, stage: verdict.stage, reason: verdict.reason }).toEqual({
      outcome: want.outcome,
      stage: want.stage,
      reason: want.reason,
    })
    if (verdict.outcome === 'blocked') {
      expect(verdict.message).toBeTypeOf('string')
      expect(verdict.checks.at(-1)?.passed).toBe(false)
    } else {
      expect(verdict.checks.every((c) => c.passed)).toBe(true)
    }
  })
})

describe('what the page can read', () => {
  it('exposes the safelisted response headers and Access-Control-Expose-Headers', () => {
    const verdict = simulate(
      exchange({}, {
        response: ok([...acao(), ['content-type', 'application/json'], ['x-total-count', '3'], ['x-request-id', 'a'], ['access-control-expose-headers', 'X-Request-Id']]),
      }),
    )
    expect(verdict.exposedHeaders).toEqual(['content-type', 'x-request-id'])
  })

  it('exposes every header but Set-Cookie for `*` without credentials', () => {
    const verdict = simulate(
      exchange({}, { response: ok([...acao(), ['x-total-count', '3'], ['set-cookie', 'a=b'], ['access-control-expose-headers', '*']]) }),
    )
    expect(verdict.exposedHeaders).toEqual(['access-control-allow-origin', 'x-total-count', 'access-control-expose-headers'])
  })

  it('reads `*` in Access-Control-Expose-Headers literally with credentials', () => {
    const verdict = simulate(
      exchange(credentialed, {
        response: ok([...acao(), ['access-control-allow-credentials', 'true'], ['x-total-count', '3'], ['access-control-expose-headers', '*']]),
      }),
    )
    expect(verdict.exposedHeaders).toEqual([])
  })

  it('exposes nothing of an opaque response, and reports status 0', () => {
    const verdict = simulate(exchange({ mode: 'no-cors' }, { response: ok([['content-type', 'text/plain']]) }))
    expect(verdict).toMatchObject({ outcome: 'opaque', status: 0, exposedHeaders: [] })
  })
})

describe('the preflight the browser sends', () => {
  it('carries the method, the sorted lower-cased unsafe names and the origin', () => {
    const verdict = simulate(
      exchange(
        { method: 'put', headers: { 'X-Zeta': '1', Authorization: 'Bearer t', 'Content-Type': 'application/json', Accept: 'application/json' } },
        { preflight: { status: 500 } },
      ),
    )
    expect(verdict.preflight).toEqual({
      method: 'OPTIONS',
      url: `${api}/api/items`,
      headers: [
        ['accept', '*/*'],
        ['access-control-request-method', 'PUT'],
        ['access-control-request-headers', 'authorization,content-type,x-zeta'],
        ['origin', page],
      ],
    })
  })

  it('omits Access-Control-Request-Headers when only the method is unsafe', () => {
    const verdict = simulate(exchange({ method: 'DELETE' }, { preflight: { status: 500 } }))
    expect(verdict.preflight?.headers.map(([n]) => n)).toEqual(['accept', 'access-control-request-method', 'origin'])
  })

  it('does not send forbidden headers, nor let them trigger a preflight', () => {
    const verdict = simulate(exchange({ headers: { DNT: '1', 'Sec-Foo': 'x' } }, { response: ok(acao()) }))
    expect(verdict.preflight).toBeNull()
    expect(verdict.requestHeaders).toEqual([['origin', page]])
  })

  it('sends one preflight per hop of a redirect chain', () => {
    const pass = { status: 204, headers: [['access-control-allow-origin', '*'], ['access-control-allow-methods', 'PUT']] as Array<[string, string]> }
    const verdict = simulate(
      exchange(put, {
        chain: [
          { preflight: pass, response: { status: 307, headers: [['access-control-allow-origin', '*'], ['location', `${other}/x`]] } },
          { preflight: pass, response: ok(acao('*')) },
        ],
      }),
    )
    expect(verdict).toMatchObject({ outcome: 'allowed', preflights: 2, redirected: true, url: `${other}/x` })
  })
})

describe('answers from a resolver', () => {
  it('asks for each answer with what the browser sends, hop by hop', () => {
    const asked: string[] = []
    const verdict = simulate(
      { request: { url: `${api}/a`, origin: page, method: 'PUT' } },
      {
        resolve: (need): Answer => {
          asked.push(`${need.kind} ${need.method} ${need.url} ${need.headers.map(([n, v]) => `${n}=${v}`).join(';')}`)
          if (need.kind === 'preflight') return { status: 204, headers: { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT' } }
          if (need.hop === 0) return { status: 307, headers: { 'access-control-allow-origin': '*', location: `${other}/b` } }
          return ok(acao('*'))
        },
      },
    )
    expect(verdict.outcome).toBe('allowed')
    expect(asked).toEqual([
      `preflight OPTIONS ${api}/a accept=*/*;access-control-request-method=PUT;origin=${page}`,
      `response PUT ${api}/a origin=${page}`,
      `preflight OPTIONS ${other}/b accept=*/*;access-control-request-method=PUT;origin=null`,
      `response PUT ${other}/b origin=null`,
    ])
  })
})
