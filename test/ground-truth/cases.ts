import { standardBadPorts } from '../../src/engine/fetch-terms.ts'
import type { Answer, CaseRequest, GroundTruthCase, Hop, Lines, Outcome } from './case.ts'

/*
 * Ground-truth cases: what real browsers do with a given request and a given set of answers.
 * `spec` is the outcome the Fetch Standard gives (record.ts lists the browsers that differ).
 * Where a case only asks "does this request header trigger a preflight", its preflight always
 * fails (404, no headers): `allowed` then means no preflight was sent, `blocked` that one was.
 */

const ACAO = 'access-control-allow-origin'
const ACAC = 'access-control-allow-credentials'
const ACAM = 'access-control-allow-methods'
const ACAH = 'access-control-allow-headers'
const ACEH = 'access-control-expose-headers'
const MAX_AGE = 'access-control-max-age'

const text: Lines = [['content-type', 'text/plain']]
const origin: [string, string] = [ACAO, '{origin}']
const credsTrue: [string, string] = [ACAC, 'true']

/** A 200 answer with these header lines and a text/plain content type. */
function ok(...headers: Lines): Answer {
  return { status: 200, headers: [...headers, ...text] }
}
/** A preflight answer (204) with exactly these header lines. */
function pre(...headers: Lines): Answer {
  return { status: 204, headers }
}
/** A preflight that always fails: tells by the outcome whether the browser sent one. */
const failingPreflight: Answer = { status: 404, headers: [] }
function redirect(status: number, location: string, ...headers: Lines): Answer {
  return { status, headers: [['location', location], ...headers] }
}

function simple(name: string, response: Answer, spec: Outcome, request: CaseRequest = {}, readHeaders?: string[]): GroundTruthCase {
  return { name, request, hops: [{ response }], spec, ...(readHeaders ? { readHeaders } : {}) }
}

/** The request carries `headers`; a preflight, if sent, fails. */
function probe(name: string, headers: Lines, spec: Outcome, method = 'GET'): GroundTruthCase {
  return { name, request: { method, headers }, hops: [{ preflight: failingPreflight, response: ok(origin) }], spec }
}

/** A PUT whose preflight gets `preflight`; the actual response allows the origin. */
function putWith(name: string, preflight: Answer | 'close', spec: Outcome, request: CaseRequest = {}, response: Answer = ok(origin)): GroundTruthCase {
  return { name, request: { method: 'PUT', ...request }, hops: [{ preflight, response }], spec }
}

/** A GET with `x-custom: 1` whose preflight gets `preflight`. */
function customWith(name: string, preflight: Answer, spec: Outcome, request: CaseRequest = {}, response: Answer = ok(origin)): GroundTruthCase {
  return { name, request: { headers: [['x-custom', '1']], ...request }, hops: [{ preflight, response }], spec }
}

const acaoCases: GroundTruthCase[] = [
  simple('simple GET: Access-Control-Allow-Origin equals the page origin', ok(origin), 'allowed'),
  simple('simple GET: Access-Control-Allow-Origin missing', ok(), 'blocked'),
  simple('simple GET: Access-Control-Allow-Origin is another origin', ok([ACAO, 'http://example.com']), 'blocked'),
  simple('simple GET: Access-Control-Allow-Origin has a trailing slash', ok([ACAO, '{origin}/']), 'blocked'),
  simple('simple GET: Access-Control-Allow-Origin scheme in upper case (HTTP://)', ok([ACAO, 'HTTP://{page-host}']), 'blocked'),
  simple('simple GET: Access-Control-Allow-Origin without scheme (example.com)', ok([ACAO, 'example.com']), 'blocked'),
  simple('simple GET: Access-Control-Allow-Origin is http:// alone', ok([ACAO, 'http://']), 'blocked'),
  simple('simple GET: Access-Control-Allow-Origin is null', ok([ACAO, 'null']), 'blocked'),
  simple('simple GET: Access-Control-Allow-Origin is empty', ok([ACAO, '']), 'blocked'),
  simple('simple GET: Access-Control-Allow-Origin * without credentials', ok([ACAO, '*']), 'allowed'),
  simple('simple GET: Access-Control-Allow-Origin * with credentials include', ok([ACAO, '*'], credsTrue), 'blocked', { credentials: 'include' }),
  simple('simple GET: two Access-Control-Allow-Origin lines, both the page origin', ok(origin, origin), 'blocked'),
  simple('simple GET: two Access-Control-Allow-Origin lines, page origin and *', ok(origin, [ACAO, '*']), 'blocked'),
  simple('simple GET: two Access-Control-Allow-Origin lines, * and *', ok([ACAO, '*'], [ACAO, '*']), 'blocked'),
  simple('simple GET: one Access-Control-Allow-Origin line "origin, origin"', ok([ACAO, '{origin}, {origin}']), 'blocked'),
  simple('simple GET: one Access-Control-Allow-Origin line "*, *"', ok([ACAO, '*, *']), 'blocked'),
  simple('simple GET: Access-Control-Allow-Origin with leading spaces', ok([ACAO, '   {origin}']), 'allowed'),
  simple('simple GET: Access-Control-Allow-Origin with trailing spaces', ok([ACAO, '{origin}   ']), 'allowed'),
  simple('simple GET: Access-Control-Allow-Origin with a leading tab', ok([ACAO, '\t{origin}']), 'allowed'),
  simple('simple GET: status 500 with Access-Control-Allow-Origin is readable', { status: 500, headers: [origin, ...text] }, 'allowed'),
  simple('simple GET: status 404 without Access-Control-Allow-Origin', { status: 404, headers: text }, 'blocked'),
  simple('simple GET: status 204 with Access-Control-Allow-Origin', { status: 204, headers: [origin] }, 'allowed'),
  simple('simple POST text/plain: Access-Control-Allow-Origin present, no preflight', ok(origin), 'allowed', { method: 'POST', headers: [['content-type', 'text/plain']] }),
  simple('simple HEAD: Access-Control-Allow-Origin present, no preflight', ok(origin), 'allowed', { method: 'HEAD' }),
]

const acacCases: GroundTruthCase[] = [
  simple('credentials include: Access-Control-Allow-Credentials true with the page origin', ok(origin, credsTrue), 'allowed', { credentials: 'include' }),
  simple('credentials include: Access-Control-Allow-Credentials missing', ok(origin), 'blocked', { credentials: 'include' }),
  simple('credentials include: Access-Control-Allow-Credentials True (capital T)', ok(origin, [ACAC, 'True']), 'blocked', { credentials: 'include' }),
  simple('credentials include: Access-Control-Allow-Credentials with surrounding spaces', ok(origin, [ACAC, '  true  ']), 'allowed', { credentials: 'include' }),
  simple('credentials include: two Access-Control-Allow-Credentials lines true', ok(origin, credsTrue, credsTrue), 'blocked', { credentials: 'include' }),
  simple('credentials omit: Access-Control-Allow-Credentials True is ignored under *', ok([ACAO, '*'], [ACAC, 'True']), 'allowed', { credentials: 'omit' }),
  simple('credentials same-origin (default): * and Access-Control-Allow-Credentials true pass', ok([ACAO, '*'], credsTrue), 'allowed'),
  // Several faults at once: which one does each browser name?
  simple('multi-fault: * origin and Access-Control-Allow-Credentials True with credentials include', ok([ACAO, '*'], [ACAC, 'True']), 'blocked', { credentials: 'include' }),
  simple('multi-fault: * origin and Access-Control-Allow-Credentials missing with credentials include', ok([ACAO, '*']), 'blocked', { credentials: 'include' }),
  simple('multi-fault: mismatched origin and Access-Control-Allow-Credentials missing with credentials include', ok([ACAO, 'http://example.com']), 'blocked', { credentials: 'include' }),
  simple('multi-fault: two origin lines and Access-Control-Allow-Credentials missing with credentials include', ok(origin, origin), 'blocked', { credentials: 'include' }),
]

const long = (n: number) => `text/html;q=0.9,${'a'.repeat(n - 16)}`
const requestHeaderCases: GroundTruthCase[] = [
  probe('request header: content-type text/plain is safelisted', [['content-type', 'text/plain']], 'allowed', 'POST'),
  probe('request header: content-type application/json needs a preflight', [['content-type', 'application/json']], 'blocked', 'POST'),
  probe('request header: content-type "text/plain; charset=utf-8" is safelisted', [['content-type', 'text/plain; charset=utf-8']], 'allowed', 'POST'),
  probe('request header: content-type TEXT/PLAIN (upper case) is safelisted', [['content-type', 'TEXT/PLAIN']], 'allowed', 'POST'),
  probe('request header: content-type application/x-www-form-urlencoded is safelisted', [['content-type', 'application/x-www-form-urlencoded']], 'allowed', 'POST'),
  probe('request header: content-type multipart/form-data with boundary is safelisted', [['content-type', 'multipart/form-data; boundary=abc']], 'allowed', 'POST'),
  probe('request header: content-type text/plain with a " in a parameter needs a preflight', [['content-type', 'text/plain; x="1"']], 'blocked', 'POST'),
  probe('request header: content-type text/plain with a { in a parameter needs a preflight', [['content-type', 'text/plain; x={1}']], 'blocked', 'POST'),
  probe('request header: accept application/json is safelisted', [['accept', 'application/json']], 'allowed'),
  probe('request header: accept with a ( needs a preflight', [['accept', 'text/html(']], 'blocked'),
  probe('request header: accept of 128 bytes is safelisted', [['accept', long(128)]], 'allowed'),
  probe('request header: accept of 129 bytes needs a preflight', [['accept', long(129)]], 'blocked'),
  probe('request header: two accept lines of 100 bytes each (each safelisted, combined over 128)', [['accept', long(100)], ['accept', long(100)]], 'allowed'),
  probe('request header: nine accept lines of 120 bytes (safelisted total over 1024)', Array.from({ length: 9 }, (): [string, string] => ['accept', long(120)]), 'blocked'),
  probe('request header: accept-language "en-US,en;q=0.9" is safelisted', [['accept-language', 'en-US,en;q=0.9']], 'allowed'),
  probe('request header: accept-language with @ needs a preflight', [['accept-language', 'en@US']], 'blocked'),
  probe('request header: content-language de-DE is safelisted', [['content-language', 'de-DE']], 'allowed'),
  probe('request header: content-language with _ needs a preflight', [['content-language', 'de_DE']], 'blocked'),
  probe('request header: range bytes=0-10 is safelisted', [['range', 'bytes=0-10']], 'allowed'),
  probe('request header: range bytes=10- is safelisted', [['range', 'bytes=10-']], 'allowed'),
  probe('request header: range bytes=-10 (suffix) needs a preflight', [['range', 'bytes=-10']], 'blocked'),
  probe('request header: range bytes=0-10,20-30 (two ranges) needs a preflight', [['range', 'bytes=0-10,20-30']], 'blocked'),
  probe('request header: x-custom needs a preflight', [['x-custom', '1']], 'blocked'),
  probe('request header: authorization needs a preflight', [['authorization', 'Bearer abc']], 'blocked'),
  probe('request header: user-agent (not forbidden by the spec) needs a preflight', [['user-agent', 'corslab/1']], 'blocked'),
  probe('request header: x-http-method-override PUT (allowed method) needs a preflight', [['x-http-method-override', 'PUT']], 'blocked'),
  {
    name: 'request header: a safelisted content-type is left out of Access-Control-Request-Headers',
    request: { method: 'POST', headers: [['content-type', 'text/plain'], ['x-custom', '1']] },
    hops: [{ preflight: pre(origin, [ACAH, 'x-custom']), response: ok(origin) }],
    spec: 'allowed',
  },
  {
    name: 'request header: two unsafe headers are listed sorted and lower-cased in Access-Control-Request-Headers',
    request: { method: 'POST', headers: [['X-B', '1'], ['x-a', '2'], ['content-type', 'application/json']] },
    hops: [{ preflight: pre(origin, [ACAH, 'x-a, x-b, content-type']), response: ok(origin) }],
    spec: 'allowed',
  },
]

// Forbidden request headers: the spec drops them silently (no preflight); `requests` shows what arrived.
const forbiddenCases: GroundTruthCase[] = [
  probe('forbidden request header: dnt is dropped', [['dnt', '1']], 'allowed'),
  probe('forbidden request header: origin is dropped', [['origin', 'http://evil.example']], 'allowed'),
  probe('forbidden request header: referer is dropped', [['referer', 'http://evil.example/']], 'allowed'),
  probe('forbidden request header: sec-foo is dropped', [['sec-foo', 'bar']], 'allowed'),
  probe('forbidden request header: proxy-foo is dropped', [['proxy-foo', 'bar']], 'allowed'),
  probe('forbidden request header: set-cookie is dropped', [['set-cookie', 'a=b']], 'allowed'),
  probe('forbidden request header: cookie is dropped', [['cookie', 'a=b']], 'allowed'),
  probe('forbidden request header: host is dropped', [['host', 'evil.example']], 'allowed'),
  probe('forbidden request header: accept-charset is dropped', [['accept-charset', 'utf-8']], 'allowed'),
  probe('forbidden request header: accept-encoding is dropped', [['accept-encoding', 'identity']], 'allowed'),
  probe('forbidden request header: keep-alive is dropped', [['keep-alive', '300']], 'allowed'),
  probe('forbidden request header: access-control-request-headers is dropped', [['access-control-request-headers', 'x-evil']], 'allowed'),
  probe('forbidden request header: x-http-method-override TRACE is dropped', [['x-http-method-override', 'TRACE']], 'allowed'),
  probe('forbidden request header: x-method-override "get, connect" is dropped', [['x-method-override', 'get, connect']], 'allowed'),
]

const methodCases: GroundTruthCase[] = [
  putWith('method: put (lower case) is normalized to PUT and matches Access-Control-Allow-Methods PUT', pre(origin, [ACAM, 'PUT']), 'allowed', { method: 'put' }),
  putWith('method: delete (lower case) is normalized to DELETE', pre(origin, [ACAM, 'DELETE']), 'allowed', { method: 'delete' }),
  putWith('method: patch (lower case) is not normalized and fails Access-Control-Allow-Methods PATCH', pre(origin, [ACAM, 'PATCH']), 'blocked', { method: 'patch' }),
  putWith('method: patch (lower case) passes Access-Control-Allow-Methods patch', pre(origin, [ACAM, 'patch']), 'allowed', { method: 'patch' }),
  putWith('method: PURGE (custom) passes Access-Control-Allow-Methods PURGE', pre(origin, [ACAM, 'PURGE']), 'allowed', { method: 'PURGE' }),
  putWith('method: PURGE fails Access-Control-Allow-Methods purge (methods compare case-sensitively)', pre(origin, [ACAM, 'purge']), 'blocked', { method: 'PURGE' }),
  simple('method: TRACE is forbidden', ok(origin), 'threw', { method: 'TRACE' }),
  simple('method: CONNECT is forbidden', ok(origin), 'threw', { method: 'CONNECT' }),
  simple('method: track (lower case) is forbidden', ok(origin), 'threw', { method: 'track' }),
  simple('method: "GE T" is not a method token', ok(origin), 'threw', { method: 'GE T' }),
]

const preflightCases: GroundTruthCase[] = [
  putWith('preflight: 204 with Access-Control-Allow-Origin and Access-Control-Allow-Methods PUT', pre(origin, [ACAM, 'PUT']), 'allowed'),
  putWith('preflight: 200 with Access-Control-Allow-Origin and Access-Control-Allow-Methods PUT', ok(origin, [ACAM, 'PUT']), 'allowed'),
  putWith('preflight: 404 with Access-Control-Allow-Origin and Access-Control-Allow-Methods', { status: 404, headers: [origin, [ACAM, 'PUT']] }, 'blocked'),
  putWith('preflight: 500 with Access-Control-Allow-Origin and Access-Control-Allow-Methods', { status: 500, headers: [origin, [ACAM, 'PUT']] }, 'blocked'),
  putWith('preflight: 301 redirect with CORS headers', redirect(301, '{next}', origin, [ACAM, 'PUT']), 'blocked'),
  putWith('preflight: 302 redirect with CORS headers', redirect(302, '{next}', origin, [ACAM, 'PUT']), 'blocked'),
  putWith('preflight: 307 redirect with CORS headers', redirect(307, '{next}', origin, [ACAM, 'PUT']), 'blocked'),
  putWith('preflight: connection closed without an answer', 'close', 'blocked'),
  putWith('preflight: Access-Control-Allow-Origin missing', pre([ACAM, 'PUT']), 'blocked'),
  putWith('preflight: Access-Control-Allow-Origin is another origin', pre([ACAO, 'http://example.com'], [ACAM, 'PUT']), 'blocked'),
  putWith('preflight: Access-Control-Allow-Origin * without credentials', pre([ACAO, '*'], [ACAM, 'PUT']), 'allowed', {}, ok([ACAO, '*'])),
  putWith('preflight: Access-Control-Allow-Origin * with credentials include', pre([ACAO, '*'], [ACAM, 'PUT'], credsTrue), 'blocked', { credentials: 'include' }, ok(origin, credsTrue)),
  putWith('preflight: Access-Control-Allow-Credentials missing with credentials include', pre(origin, [ACAM, 'PUT']), 'blocked', { credentials: 'include' }, ok(origin, credsTrue)),
  putWith('preflight: Access-Control-Allow-Credentials True with credentials include', pre(origin, [ACAM, 'PUT'], [ACAC, 'True']), 'blocked', { credentials: 'include' }, ok(origin, credsTrue)),
  putWith('preflight: passes, but the actual response lacks Access-Control-Allow-Origin', pre(origin, [ACAM, 'PUT']), 'blocked', {}, ok()),
  putWith('preflight: passes with credentials, but the actual response lacks Access-Control-Allow-Credentials', pre(origin, [ACAM, 'PUT'], credsTrue), 'blocked', { credentials: 'include' }, ok(origin)),
  // Access-Control-Allow-Methods
  putWith('preflight: Access-Control-Allow-Methods missing', pre(origin), 'blocked'),
  putWith('preflight: Access-Control-Allow-Methods put (lower case) for PUT', pre(origin, [ACAM, 'put']), 'blocked'),
  putWith('preflight: Access-Control-Allow-Methods * without credentials', pre(origin, [ACAM, '*']), 'allowed'),
  putWith('preflight: Access-Control-Allow-Methods * with credentials include', pre(origin, [ACAM, '*'], credsTrue), 'blocked', { credentials: 'include' }, ok(origin, credsTrue)),
  putWith('preflight: Access-Control-Allow-Methods "PUT, DELETE"', pre(origin, [ACAM, 'PUT, DELETE']), 'allowed'),
  putWith('preflight: Access-Control-Allow-Methods "DELETE,PUT" without a space', pre(origin, [ACAM, 'DELETE,PUT']), 'allowed'),
  putWith('preflight: Access-Control-Allow-Methods in two lines GET and PUT', pre(origin, [ACAM, 'GET'], [ACAM, 'PUT']), 'allowed'),
  putWith('preflight: Access-Control-Allow-Methods GET only', pre(origin, [ACAM, 'GET']), 'blocked'),
  putWith('preflight: Access-Control-Allow-Methods "PUT;" is not a token', pre(origin, [ACAM, 'PUT;']), 'blocked'),
  putWith('preflight: Access-Control-Allow-Methods "PU T" is not a token', pre(origin, [ACAM, 'PU T']), 'blocked'),
  putWith('preflight: Access-Control-Allow-Methods "PUT, (" has an invalid item', pre(origin, [ACAM, 'PUT, (']), 'blocked'),
  putWith('preflight: Access-Control-Allow-Methods empty', pre(origin, [ACAM, '']), 'blocked'),
  // Access-Control-Allow-Headers
  customWith('preflight: Access-Control-Allow-Headers missing for x-custom', pre(origin), 'blocked'),
  customWith('preflight: Access-Control-Allow-Headers x-custom', pre(origin, [ACAH, 'x-custom']), 'allowed'),
  customWith('preflight: Access-Control-Allow-Headers X-Custom (other case)', pre(origin, [ACAH, 'X-Custom']), 'allowed'),
  customWith('preflight: Access-Control-Allow-Headers lacks x-custom', pre(origin, [ACAH, 'x-other']), 'blocked'),
  customWith('preflight: Access-Control-Allow-Headers * without credentials', pre(origin, [ACAH, '*']), 'allowed'),
  customWith('preflight: Access-Control-Allow-Headers * with credentials include', pre(origin, [ACAH, '*'], credsTrue), 'blocked', { credentials: 'include' }, ok(origin, credsTrue)),
  customWith('preflight: Access-Control-Allow-Headers "x custom" is not a token', pre(origin, [ACAH, 'x custom']), 'blocked'),
  {
    // An empty list element is valid #field-name list syntax (RFC 9110 section 5.6.1).
    name: 'preflight: Access-Control-Allow-Headers "x-a,,x-b" has an empty item',
    request: { headers: [['x-a', '1']] },
    hops: [{ preflight: pre(origin, [ACAH, 'x-a,,x-b']), response: ok(origin) }],
    spec: 'allowed',
  },
  {
    name: 'preflight: Access-Control-Allow-Headers * does not cover authorization',
    request: { headers: [['authorization', 'Bearer abc']] },
    hops: [{ preflight: pre(origin, [ACAH, '*']), response: ok(origin) }],
    spec: 'blocked',
  },
  {
    name: 'preflight: Access-Control-Allow-Headers "*, authorization" covers authorization',
    request: { headers: [['authorization', 'Bearer abc'], ['x-custom', '1']] },
    hops: [{ preflight: pre(origin, [ACAH, '*, authorization']), response: ok(origin) }],
    spec: 'allowed',
  },
  {
    name: 'preflight: Access-Control-Allow-Headers * with authorization and x-custom',
    request: { headers: [['authorization', 'Bearer abc'], ['x-custom', '1']] },
    hops: [{ preflight: pre(origin, [ACAH, '*']), response: ok(origin) }],
    spec: 'blocked',
  },
  {
    name: 'preflight: Access-Control-Allow-Headers lists x-a but not x-b',
    request: { headers: [['x-a', '1'], ['x-b', '2']] },
    hops: [{ preflight: pre(origin, [ACAH, 'x-a']), response: ok(origin) }],
    spec: 'blocked',
  },
  {
    name: 'preflight: POST with x-custom needs no Access-Control-Allow-Methods',
    request: { method: 'POST', headers: [['x-custom', '1']] },
    hops: [{ preflight: pre(origin, [ACAH, 'x-custom']), response: ok(origin) }],
    spec: 'allowed',
  },
  // Several faults at once.
  putWith('multi-fault: preflight 404 without Access-Control-Allow-Origin', { status: 404, headers: text }, 'blocked'),
  putWith('multi-fault: preflight 500 with * origin and credentials include', { status: 500, headers: [[ACAO, '*'], [ACAM, 'PUT'], credsTrue] }, 'blocked', { credentials: 'include' }, ok(origin, credsTrue)),
  putWith('multi-fault: preflight 302 without Access-Control-Allow-Origin', redirect(302, '{next}'), 'blocked'),
  putWith("preflight: 302 redirect with CORS headers, request redirect 'manual'", redirect(302, '{next}', origin, [ACAM, 'PUT']), 'blocked', { redirect: 'manual' }),
  putWith("preflight: 302 redirect with CORS headers, request redirect 'error'", redirect(302, '{next}', origin, [ACAM, 'PUT']), 'blocked', { redirect: 'error' }),
  putWith('multi-fault: preflight * origin and Access-Control-Allow-Credentials missing with credentials include', pre([ACAO, '*'], [ACAM, 'PUT']), 'blocked', { credentials: 'include' }, ok(origin, credsTrue)),
  {
    name: 'multi-fault: preflight lacks both the method and the header',
    request: { method: 'PUT', headers: [['x-custom', '1']] },
    hops: [{ preflight: pre(origin, [ACAM, 'GET'], [ACAH, 'x-other']), response: ok(origin) }],
    spec: 'blocked',
  },
  {
    name: 'preflight: Access-Control-Request-Method and -Headers sent for PUT with x-custom and json',
    request: { method: 'PUT', headers: [['x-custom', '1'], ['content-type', 'application/json']] },
    hops: [{ preflight: pre(origin, [ACAM, 'PUT'], [ACAH, 'x-custom, content-type']), response: ok(origin) }],
    spec: 'allowed',
  },
]

const exposeCases: GroundTruthCase[] = [
  simple('expose: x-total-count is hidden without Access-Control-Expose-Headers', ok(origin, ['x-total-count', '42']), 'allowed', {}, ['x-total-count']),
  simple('expose: x-total-count readable when exposed', ok(origin, ['x-total-count', '42'], [ACEH, 'x-total-count']), 'allowed', {}, ['x-total-count']),
  simple('expose: X-Total-Count in Access-Control-Expose-Headers matches case-insensitively', ok(origin, ['x-total-count', '42'], [ACEH, 'X-Total-Count']), 'allowed', {}, ['x-total-count']),
  simple('expose: Access-Control-Expose-Headers * without credentials', ok(origin, ['x-total-count', '42'], [ACEH, '*']), 'allowed', {}, ['x-total-count']),
  simple(
    'expose: Access-Control-Expose-Headers * with credentials include',
    ok(origin, credsTrue, ['x-total-count', '42'], [ACEH, '*']),
    'allowed',
    { credentials: 'include' },
    ['x-total-count'],
  ),
  simple('expose: set-cookie stays hidden even when exposed', ok(origin, ['set-cookie', 'a=b'], [ACEH, 'set-cookie, x-total-count'], ['x-total-count', '42']), 'allowed', {}, ['set-cookie', 'x-total-count']),
  simple('expose: two Access-Control-Expose-Headers lines', ok(origin, ['x-a', '1'], ['x-b', '2'], [ACEH, 'x-a'], [ACEH, 'x-b']), 'allowed', {}, ['x-a', 'x-b']),
  simple('expose: Access-Control-Expose-Headers "x-a x-b" is not a token list', ok(origin, ['x-a', '1'], ['x-b', '2'], [ACEH, 'x-a x-b']), 'allowed', {}, ['x-a', 'x-b']),
  simple(
    'expose: CORS-safelisted response headers are readable without exposing',
    ok(origin, ['cache-control', 'no-cache'], ['content-language', 'de'], ['expires', '0'], ['last-modified', 'Mon, 01 Jan 2024 00:00:00 GMT'], ['pragma', 'no-cache'], ['x-total-count', '42']),
    'allowed',
    {},
    ['cache-control', 'content-language', 'content-type', 'expires', 'last-modified', 'pragma', 'x-total-count', 'date'],
  ),
  simple('expose: two x-total-count lines read combined', ok(origin, ['x-total-count', '1'], ['x-total-count', '2'], [ACEH, 'x-total-count']), 'allowed', {}, ['x-total-count']),
]

const maxAgeCases: GroundTruthCase[] = [
  customWith('max-age: 600 with Access-Control-Allow-Headers * caches x-custom', pre(origin, [ACAH, '*'], [MAX_AGE, '600']), 'allowed', { repeat: 2 }),
  {
    name: 'max-age: 600 with Access-Control-Allow-Headers * and authorization, fetched twice',
    request: { headers: [['authorization', 'Bearer abc']], repeat: 2 },
    hops: [{ preflight: pre(origin, [ACAH, '*'], [MAX_AGE, '600']), response: ok(origin) }],
    spec: 'blocked',
  },
  {
    name: "max-age: 600, the response redirects under redirect 'error', fetched twice",
    request: { method: 'PUT', redirect: 'error', repeat: 2 },
    hops: [{ preflight: pre(origin, [ACAM, 'PUT'], [MAX_AGE, '600']), response: redirect(308, '{next}', origin) }, { response: ok(origin) }],
    spec: 'blocked',
  },
  putWith('max-age: 600, but the actual response lacks Access-Control-Allow-Origin, fetched twice', pre(origin, [ACAM, 'PUT'], [MAX_AGE, '600']), 'blocked', { repeat: 2 }, ok()),
  putWith('max-age: 600, the actual 500 response with Access-Control-Allow-Origin, fetched twice', pre(origin, [ACAM, 'PUT'], [MAX_AGE, '600']), 'allowed', { repeat: 2 }, { status: 500, headers: [origin, ...text] }),
  putWith('max-age: 600 caches the preflight for the second fetch', pre(origin, [ACAM, 'PUT'], [MAX_AGE, '600']), 'allowed', { repeat: 2 }),
  putWith('max-age: 0 sends a preflight for each fetch', pre(origin, [ACAM, 'PUT'], [MAX_AGE, '0']), 'allowed', { repeat: 2 }),
  putWith('max-age: absent (default 5 s) caches for the second fetch', pre(origin, [ACAM, 'PUT']), 'allowed', { repeat: 2 }),
  putWith('max-age: -1 is invalid', pre(origin, [ACAM, 'PUT'], [MAX_AGE, '-1']), 'allowed', { repeat: 2 }),
  putWith('max-age: 600 with Access-Control-Allow-Methods * still caches', pre(origin, [ACAM, '*'], [MAX_AGE, '600']), 'allowed', { repeat: 2 }),
]

function chain(n: number, last: Answer): Hop[] {
  const hops: Hop[] = []
  for (let i = 0; i < n; i++) hops.push({ response: redirect(302, '{next}', origin) })
  hops.push({ response: last })
  return hops
}

const redirectCases: GroundTruthCase[] = [
  { name: 'redirect: same-origin 302 (API to API), both with Access-Control-Allow-Origin', request: {}, hops: [{ response: redirect(302, '{next}', origin) }, { response: ok(origin) }], spec: 'allowed' },
  { name: 'redirect: 302 response lacks Access-Control-Allow-Origin (API to API)', request: {}, hops: [{ response: redirect(302, '{next}') }, { response: ok(origin) }], spec: 'blocked' },
  { name: 'redirect: relative Location (API to API)', request: {}, hops: [{ response: redirect(302, '{next-path}', origin) }, { response: ok(origin) }], spec: 'allowed' },
  { name: 'redirect: cross-origin 302 to OTHER answering the page origin (Origin becomes null)', request: {}, hops: [{ response: redirect(302, '{next}', origin) }, { on: 'other', response: ok(origin) }], spec: 'blocked' },
  { name: 'redirect: cross-origin 302 to OTHER answering null', request: {}, hops: [{ response: redirect(302, '{next}', origin) }, { on: 'other', response: ok([ACAO, 'null']) }], spec: 'allowed' },
  { name: 'redirect: cross-origin 302 to OTHER answering *', request: {}, hops: [{ response: redirect(302, '{next}', origin) }, { on: 'other', response: ok([ACAO, '*']) }], spec: 'allowed' },
  { name: 'redirect: cross-origin 302 lacking Access-Control-Allow-Origin, OTHER answers *', request: {}, hops: [{ response: redirect(302, '{next}') }, { on: 'other', response: ok([ACAO, '*']) }], spec: 'blocked' },
  {
    name: 'redirect: cross-origin with credentials, OTHER answers null and credentials true',
    request: { credentials: 'include' },
    hops: [{ response: redirect(302, '{next}', origin, credsTrue) }, { on: 'other', response: ok([ACAO, 'null'], credsTrue) }],
    spec: 'allowed',
  },
  { name: 'redirect: API back to the page origin still needs Access-Control-Allow-Origin', request: {}, hops: [{ response: redirect(302, '{next}', origin) }, { on: 'page', response: ok() }], spec: 'blocked' },
  { name: 'redirect: API back to the page origin answering null', request: {}, hops: [{ response: redirect(302, '{next}', origin) }, { on: 'page', response: ok([ACAO, 'null']) }], spec: 'allowed' },
  { name: 'redirect: Location with user:pass@', request: {}, hops: [{ response: redirect(302, 'http://user:pass@{next-host}{next-path}', origin) }, { response: ok(origin) }], spec: 'blocked' },
  { name: 'redirect: Location with ftp: scheme', request: {}, hops: [{ response: redirect(302, 'ftp://localhost/x', origin) }, { response: ok(origin) }], spec: 'blocked' },
  { name: 'redirect: Location with data: scheme', request: {}, hops: [{ response: redirect(302, 'data:text/plain,hi', origin) }, { response: ok(origin) }], spec: 'blocked' },
  { name: "redirect: mode 'error' rejects a 302", request: { redirect: 'error' }, hops: [{ response: redirect(302, '{next}', origin) }, { response: ok(origin) }], spec: 'blocked' },
  { name: "redirect: mode 'manual' with Access-Control-Allow-Origin on the 302", request: { redirect: 'manual' }, hops: [{ response: redirect(302, '{next}', origin) }, { response: ok(origin) }], spec: 'opaque' },
  { name: "redirect: mode 'manual' without Access-Control-Allow-Origin on the 302", request: { redirect: 'manual' }, hops: [{ response: redirect(302, '{next}') }, { response: ok(origin) }], spec: 'blocked' },
  { name: 'redirect: 302 without Location is the final response', request: {}, hops: [{ response: { status: 302, headers: [origin, ...text] } }], spec: 'allowed' },
  {
    name: 'redirect: preflighted PUT redirected 307 to OTHER gets a preflight per hop',
    request: { method: 'PUT', headers: [['x-custom', '1']] },
    hops: [
      { preflight: pre(origin, [ACAM, 'PUT'], [ACAH, 'x-custom']), response: redirect(307, '{next}', origin) },
      { on: 'other', preflight: pre([ACAO, '*'], [ACAM, 'PUT'], [ACAH, 'x-custom']), response: ok([ACAO, '*']) },
    ],
    spec: 'allowed',
  },
  {
    name: 'redirect: preflighted PUT redirected 307 on the same origin',
    request: { method: 'PUT' },
    hops: [{ preflight: pre(origin, [ACAM, 'PUT']), response: redirect(307, '{next}', origin) }, { preflight: pre(origin, [ACAM, 'PUT']), response: ok(origin) }],
    spec: 'allowed',
  },
  {
    name: 'redirect: preflighted PUT redirected 307 to OTHER whose preflight fails',
    request: { method: 'PUT' },
    hops: [{ preflight: pre(origin, [ACAM, 'PUT']), response: redirect(307, '{next}', origin) }, { on: 'other', preflight: failingPreflight, response: ok([ACAO, '*']) }],
    spec: 'blocked',
  },
  {
    name: 'redirect: authorization is removed on a cross-origin redirect',
    request: { headers: [['authorization', 'Bearer abc']] },
    hops: [
      { preflight: pre(origin, [ACAH, 'authorization']), response: redirect(302, '{next}', origin) },
      { on: 'other', preflight: pre([ACAO, '*'], [ACAH, 'authorization']), response: ok([ACAO, '*']) },
    ],
    spec: 'allowed',
  },
  {
    name: 'redirect: authorization is kept on a same-origin redirect',
    request: { headers: [['authorization', 'Bearer abc']] },
    hops: [{ preflight: pre(origin, [ACAH, 'authorization']), response: redirect(302, '{next}', origin) }, { preflight: pre(origin, [ACAH, 'authorization']), response: ok(origin) }],
    spec: 'allowed',
  },
  {
    name: 'redirect: 303 turns POST into GET and drops the body headers',
    request: { method: 'POST', headers: [['content-type', 'text/plain']] },
    hops: [{ response: redirect(303, '{next}', origin) }, { response: ok(origin) }],
    spec: 'allowed',
  },
  {
    name: 'redirect: 302 turns POST into GET',
    request: { method: 'POST', headers: [['content-type', 'text/plain']] },
    hops: [{ response: redirect(302, '{next}', origin) }, { response: ok(origin) }],
    spec: 'allowed',
  },
  {
    name: 'redirect: 307 keeps POST and its content-type',
    request: { method: 'POST', headers: [['content-type', 'text/plain']] },
    hops: [{ response: redirect(307, '{next}', origin) }, { response: ok(origin) }],
    spec: 'allowed',
  },
  { name: 'redirect: 20 redirects are followed', request: {}, hops: chain(20, ok(origin)), spec: 'allowed' },
  { name: 'redirect: the 21st redirect fails', request: {}, hops: chain(21, ok(origin)), spec: 'blocked' },
]

const modeCases: GroundTruthCase[] = [
  simple('no-cors: GET without Access-Control-Allow-Origin is opaque', ok(['x-total-count', '42']), 'opaque', { mode: 'no-cors' }, ['x-total-count', 'content-type']),
  simple('no-cors: PUT is not a CORS-safelisted method', ok(origin), 'threw', { mode: 'no-cors', method: 'PUT' }),
  simple('no-cors: POST with x-custom drops the header silently', ok(), 'opaque', { mode: 'no-cors', method: 'POST', headers: [['x-custom', '1']] }),
  simple('no-cors: POST with content-type application/json drops the header silently', ok(), 'opaque', { mode: 'no-cors', method: 'POST', headers: [['content-type', 'application/json']] }),
  simple('no-cors: accept-language is kept', ok(), 'opaque', { mode: 'no-cors', headers: [['accept-language', 'de']] }),
  simple("no-cors: redirect 'manual' is refused", ok(), 'blocked', { mode: 'no-cors', redirect: 'manual' }),
  simple("no-cors: redirect 'error' is refused", ok(), 'blocked', { mode: 'no-cors', redirect: 'error' }),
  simple('no-cors: range is dropped', ok(), 'opaque', { mode: 'no-cors', headers: [['range', 'bytes=0-10']] }),
  { name: 'no-cors: cross-origin redirect stays opaque', request: { mode: 'no-cors' }, hops: [{ response: redirect(302, '{next}') }, { on: 'other', response: ok() }], spec: 'opaque' },
  simple('same-origin mode: a request to the API is rejected', ok(origin), 'blocked', { mode: 'same-origin' }),
  simple(
    'same-origin: request to the page is basic and reads every header',
    ok(['x-total-count', '42'], ['set-cookie', 'a=b']),
    'allowed',
    { target: 'page' },
    ['x-total-count', 'set-cookie', 'content-type'],
  ),
  simple('same-origin: custom header and PUT to the page need no preflight', ok(), 'allowed', { target: 'page', method: 'PUT', headers: [['x-custom', '1']] }),
  {
    name: 'same-origin: page redirects to the API, which must allow the (still page) Origin',
    request: { target: 'page' },
    hops: [{ response: redirect(302, '{next}') }, { on: 'api', response: ok(origin) }],
    spec: 'allowed',
  },
  {
    name: 'same-origin: page redirects to the API, whose 302 (origin allowed, no credentials header) goes on to OTHER',
    request: { target: 'page' },
    hops: [{ response: redirect(302, '{next}') }, { on: 'api', response: redirect(302, '{next}', origin) }, { on: 'other', response: ok([ACAO, 'null']) }],
    spec: 'allowed',
  },
  {
    name: 'same-origin: page redirects to the API, whose 302 (origin and credentials allowed) goes on to OTHER',
    request: { target: 'page' },
    hops: [{ response: redirect(302, '{next}') }, { on: 'api', response: redirect(302, '{next}', origin, credsTrue) }, { on: 'other', response: ok([ACAO, 'null']) }],
    spec: 'allowed',
  },
  {
    name: 'same-origin: page redirects to the API, which answers * (no credentials header)',
    request: { target: 'page' },
    hops: [{ response: redirect(302, '{next}') }, { on: 'api', response: ok([ACAO, '*']) }],
    spec: 'allowed',
  },
  {
    name: "same-origin: page redirects to the API, whose 302 answers * and goes on to OTHER answering *",
    request: { target: 'page' },
    hops: [{ response: redirect(302, '{next}') }, { on: 'api', response: redirect(302, '{next}', [ACAO, '*']) }, { on: 'other', response: ok([ACAO, '*']) }],
    spec: 'allowed',
  },
  {
    name: 'same-origin: page redirects to the API, which lacks Access-Control-Allow-Origin',
    request: { target: 'page' },
    hops: [{ response: redirect(302, '{next}') }, { on: 'api', response: ok() }],
    spec: 'blocked',
  },
  {
    name: 'same-origin: page redirects 307 to the API with authorization and x-custom, whose preflight allows x-custom',
    request: { target: 'page', headers: [['authorization', 'Bearer abc'], ['x-custom', '1']] },
    hops: [{ response: redirect(307, '{next}') }, { on: 'api', preflight: pre(origin, [ACAH, 'x-custom']), response: ok(origin) }],
    spec: 'allowed',
  },
  ...(
    [
      ['POST with authorization, 303 (becomes a GET without it)', { method: 'POST', headers: [['authorization', 'Bearer abc']] }, 303],
      ['POST with content-type application/json, 303 (becomes a GET without it)', { method: 'POST', headers: [['content-type', 'application/json']] }, 303],
      ['GET with authorization, 302 (dropped across origins)', { headers: [['authorization', 'Bearer abc']] }, 302],
      ['GET with x-custom, 302', { headers: [['x-custom', '1']] }, 302],
      ['PUT, 307', { method: 'PUT' }, 307],
    ] as const
  ).map(([what, request, status]): GroundTruthCase => ({
    name: `same-origin: page redirects to the API: ${what}`,
    request: { target: 'page', ...request, headers: [...(('headers' in request ? request.headers : []) as Lines)] },
    hops: [{ response: redirect(status, '{next}') }, { on: 'api', preflight: pre(origin, [ACAM, 'PUT'], [ACAH, 'x-custom']), response: ok(origin) }],
    spec: 'allowed',
  })),
  {
    name: "same-origin mode: page redirects to the API",
    request: { target: 'page', mode: 'same-origin' },
    hops: [{ response: redirect(302, '{next}') }, { on: 'api', response: ok(origin) }],
    spec: 'blocked',
  },
]

// Access-Control-Expose-Headers values that do not parse as a list of header names.
const twoHeaders: Lines = [['x-a', '1'], ['x-b', '2']]
const exposeList = (name: string, ...values: string[]): GroundTruthCase =>
  simple(`expose list: ${name}`, ok(origin, ...twoHeaders, ...values.map((v): [string, string] => [ACEH, v])), 'allowed', {}, ['x-a', 'x-b'])
const exposeListCases: GroundTruthCase[] = [
  exposeList('"x-a, x b" (one item is not a token) exposes nothing', 'x-a, x b'),
  exposeList('"x-a, (" exposes nothing', 'x-a, ('),
  exposeList('"x-a;" exposes nothing', 'x-a;'),
  exposeList('"x-a, x-b;" exposes nothing', 'x-a, x-b;'),
  exposeList('quoted names exposes nothing', '"x-a", x-b'),
  exposeList('"x-a/x-b" exposes nothing', 'x-a/x-b'),
  exposeList('"x-a, @" exposes nothing', 'x-a, @'),
  exposeList('"x-a x-b" with a tab inside an item exposes nothing', 'x-a\tx-b'),
  exposeList('"x-a, x-" and a byte over 0x7f exposes nothing', 'x-a, x-\u00e9'),
  exposeList('", x-a" (a leading empty item) exposes x-a', ', x-a'),
  exposeList('"x-a, x-b, " (a trailing empty item) exposes both', 'x-a, x-b, '),
  exposeList('"x-a, x-b" with a tab after the comma exposes both', 'x-a,\tx-b'),
  exposeList('"x-a, *" exposes everything', 'x-a, *'),
  exposeList('"*, x b" (the wildcard before the bad item)', '*, x b'),
  exposeList('"x b, *" (the bad item before the wildcard)', 'x b, *'),
  exposeList('"x-a, *, (" (the wildcard between)', 'x-a, *, ('),
  exposeList('two lines "x-a" and "x b"', 'x-a', 'x b'),
  exposeList('two lines "*" and "x b"', '*', 'x b'),
  simple('expose list: "*, x b" with credentials include', ok(origin, credsTrue, ...twoHeaders, [ACEH, '*, x b']), 'allowed', { credentials: 'include' }, ['x-a', 'x-b']),
  simple('expose list: "*, x-a" with credentials include exposes x-a only', ok(origin, credsTrue, ...twoHeaders, [ACEH, '*, x-a']), 'allowed', { credentials: 'include' }, ['x-a', 'x-b']),
]

// Chromium's CORS-safelisted request headers beyond the spec's (client hints and `Intervention`).
const hint = (name: string, value: string, note = '') =>
  probe(`client hint: ${name}: ${value.length > 24 ? `${value.slice(0, 12)}... (${value.length} bytes)` : JSON.stringify(value)}${note}`, [[name, value]], 'blocked')
const digits = (n: number) => '1'.repeat(n)
const clientHintCases: GroundTruthCase[] = [
  hint('intervention', 'anything at all'),
  hint('intervention', '<a>(b)'),
  hint('device-memory', '8'),
  hint('device-memory', '0.5'),
  hint('device-memory', '8.'),
  hint('device-memory', '.5'),
  hint('device-memory', '1e3'),
  hint('device-memory', '-1'),
  hint('device-memory', digits(129)),
  hint('dpr', '1.5'),
  hint('dpr', 'x'),
  hint('downlink', '10'),
  hint('downlink', '1.25'),
  hint('downlink', '-1'),
  hint('width', '100'),
  hint('width', '0100'),
  hint('width', '1.5'),
  hint('width', digits(128)),
  hint('viewport-width', '1024'),
  hint('viewport-width', 'x'),
  hint('rtt', '50'),
  hint('rtt', '50.5'),
  hint('ect', '4g'),
  hint('ect', 'slow-2g'),
  hint('ect', '3g'),
  hint('ect', '2g'),
  hint('ect', '4G'),
  hint('ect', 'offline'),
  hint('save-data', 'on'),
  hint('save-data', 'ON'),
  hint('save-data', 'off'),
  hint('viewport-height', '100', ' (not a safelisted hint)'),
  hint('lang', 'en', ' (no longer a hint)'),
  hint('content-type', 'message/ad-auction-trusted-signals-request'),
  probe(
    'client hint: eight safelisted values of 128 bytes (over the 1024-byte total)',
    [['intervention', 'a'.repeat(128)], ['width', digits(128)], ['viewport-width', digits(128)], ['rtt', digits(128)], ['device-memory', digits(128)], ['dpr', digits(128)], ['downlink', digits(128)], ['accept', 'b'.repeat(128)], ['accept-language', 'c'.repeat(128)]],
    'blocked',
  ),
  probe(
    'client hint: seven safelisted values of 128 bytes and one accept (under the 1024-byte total)',
    [['intervention', 'a'.repeat(128)], ['width', digits(128)], ['viewport-width', digits(128)], ['rtt', digits(128)], ['device-memory', digits(128)], ['dpr', digits(128)], ['downlink', digits(128)], ['accept', 'b'.repeat(128)]],
    'blocked',
  ),
]

// Several request headers the preflight refuses: which one does each browser name?
const refusedAll = (names: Lines, note = ''): GroundTruthCase => ({
  name: `refused headers: ${names.map(([n, v]) => (v.length > 12 ? `${n} (${v.length} bytes)` : n)).join(', ')}${note}`,
  request: { method: 'POST', headers: names },
  hops: [{ preflight: pre(origin, [ACAH, 'x-none']), response: ok(origin) }],
  spec: 'blocked',
})
const one = (...names: string[]): Lines => names.map((n): [string, string] => [n, '1'])
const refusedHeaderCases: GroundTruthCase[] = [
  refusedAll(one('x-b', 'x-a')),
  refusedAll(one('x-a', 'x-b')),
  refusedAll([['X-B', '1'], ['x-a', '2']]),
  refusedAll(one('x-c', 'x-a', 'x-b')),
  refusedAll([['x-c', '1'], ['X-a', '1'], ['x-B', '1']]),
  refusedAll([['content-type', 'application/json'], ['x-a', '1']]),
  refusedAll([['x-a', '1'], ['content-type', 'application/json']]),
  refusedAll([['x-a', '1'], ['range', 'bytes=-5']]),
  refusedAll([['width', 'x'], ['x-a', '1']]),
  refusedAll([['zz', '1'], ['accept', 'a('], ['a-b', '1']]),
  refusedAll(one('nu', 'bar', 'authorization', 'qux')),
  refusedAll(one('eta', 'x-trace', 'quux', 'x-csrf-token')),
  refusedAll(one('xi', 'x-token', 'theta', 'om')),
  refusedAll(one('x-csrf-token', 'eps', 'tau', 'corge', 'omi')),
  refusedAll(one('x-requested-with', 'tau', 'api-key', 'kappa')),
  refusedAll(one('alpha', 'mu', 'rho', 'iota')),
  refusedAll(one('ups', 'chi', 'x-csrf-token', 'foo', 'qux')),
  refusedAll(one('psi', 'qux', 'delta', 'cache-control', 'kappa')),
  refusedAll(one('phi', 'x-g', 'x-f', 'x-e')),
  refusedAll(one('bar', 'x-requested-with', 'x-f', 'kappa', 'x-c', 'om')),
  refusedAll(one('zeta', 'qux', 'mu', 'foo', 'lam', 'bar', 'x-user', 'x-trace')),
  refusedAll([['accept-language', 'en@US'], ['authorization', 'Bearer abc']]),
  refusedAll([['x-b', '1'], ['authorization', 'Bearer abc'], ['x-a', '1']]),
  refusedAll([['x-b', '1'], ['accept', 'a'.repeat(128)], ['accept-language', 'b'.repeat(128)], ['content-language', 'c'.repeat(128)], ['accept', 'd'.repeat(100)], ['x-z', '1']], ' (accept lines combined over 128 bytes)'),
]

// Header values with control characters and bytes over 0x7f, quoted in the console text.
const controlCases: GroundTruthCase[] = [
  simple('control characters: Access-Control-Allow-Origin with \\x01 (an invalid value)', ok([ACAO, 'http://a\x01b.example']), 'blocked'),
  simple('control characters: Access-Control-Allow-Origin with \\x7f', ok([ACAO, 'http://a\x7fb.example']), 'blocked'),
  simple('control characters: Access-Control-Allow-Origin with a tab inside', ok([ACAO, 'http://a\tb.example']), 'blocked'),
  simple('control characters: Access-Control-Allow-Origin with \\x1b', ok([ACAO, 'http://a\x1bb']), 'blocked'),
  simple('control characters: Access-Control-Allow-Origin with the byte \\xe9', ok([ACAO, 'http://\xe9.example']), 'blocked'),
  simple('control characters: Access-Control-Allow-Origin with two bytes \\xc3\\xa9 (UTF-8 for e-acute)', ok([ACAO, 'http://\xc3\xa9.example']), 'blocked'),
  simple('control characters: the page origin followed by \\x0b', ok([ACAO, '{origin}\x0b']), 'blocked'),
  simple('control characters: Access-Control-Allow-Origin with \\x0c', ok([ACAO, 'http://a\x0cb']), 'blocked'),
  simple('control characters: Access-Control-Allow-Origin with \\x00', ok([ACAO, 'a\x00b']), 'blocked'),
  simple('control characters: two values, one with \\x08', ok([ACAO, 'http://a\x08b, http://c']), 'blocked'),
  simple('control characters: Access-Control-Allow-Credentials "tr\\x01ue"', ok(origin, [ACAC, 'tr\x01ue']), 'blocked', { credentials: 'include' }),
  simple('control characters: Access-Control-Allow-Credentials "\\xe9"', ok(origin, [ACAC, '\xe9']), 'blocked', { credentials: 'include' }),
  putWith('control characters: preflight Access-Control-Allow-Origin with \\x01', pre([ACAO, 'http://a\x01b'], [ACAM, 'PUT']), 'blocked'),
]

// Requests fetch() refuses before sending anything.
const refusedRequestCases: GroundTruthCase[] = [
  simple('refused request: no-cors with put (lower case, normalized to PUT)', ok(origin), 'threw', { mode: 'no-cors', method: 'put' }),
  simple('refused request: no-cors with patch', ok(origin), 'threw', { mode: 'no-cors', method: 'patch' }),
  simple('refused request: no-cors with DELETE', ok(origin), 'threw', { mode: 'no-cors', method: 'DELETE' }),
  simple('refused request: TRACK is forbidden', ok(origin), 'threw', { method: 'TRACK' }),
  simple('refused request: connect (lower case) is forbidden', ok(origin), 'threw', { method: 'connect' }),
  simple('refused request: TRACE in no-cors mode', ok(origin), 'threw', { mode: 'no-cors', method: 'TRACE' }),
  simple('refused request: a header name with a space', ok(origin), 'threw', { headers: [['x a', '1']] }),
  simple('refused request: a header name with (', ok(origin), 'threw', { headers: [['x(a', '1']] }),
  simple('refused request: a header value with a newline inside', ok(origin), 'threw', { headers: [['x-a', 'a\nb']] }),
  simple('refused request: a header value with NUL', ok(origin), 'threw', { headers: [['x-a', 'a\x00b']] }),
  simple('refused request: a header value with a character over 0xff', ok(origin), 'threw', { headers: [['x-a', '\u20ac']] }),
]

// XMLHttpRequest with a listener on its upload object: the XHR standard sets the use-CORS-preflight flag.
const upload = (name: string, request: CaseRequest, hops: Hop[], spec: Outcome): GroundTruthCase => ({
  name: `xhr upload listener: ${name}`,
  request: { initiator: 'xhr', uploadListener: true, ...request },
  hops,
  spec,
})
const uploadCases: GroundTruthCase[] = [
  upload('POST with a body, preflight fails', { method: 'POST' }, [{ preflight: failingPreflight, response: ok(origin) }], 'blocked'),
  upload('POST with an empty body, preflight fails', { method: 'POST', body: '' }, [{ preflight: failingPreflight, response: ok(origin) }], 'blocked'),
  upload('GET (no body), preflight fails', { method: 'GET' }, [{ preflight: failingPreflight, response: ok(origin) }], 'blocked'),
  upload('HEAD (no body), preflight fails', { method: 'HEAD' }, [{ preflight: failingPreflight, response: ok(origin) }], 'blocked'),
  upload('POST, the preflight answers with Access-Control-Allow-Origin alone', { method: 'POST' }, [{ preflight: pre(origin), response: ok(origin) }], 'allowed'),
  upload('POST with withCredentials, the preflight answers *', { method: 'POST', credentials: 'include' }, [{ preflight: pre([ACAO, '*']), response: ok(origin, credsTrue) }], 'blocked'),
  upload('POST with withCredentials, the preflight allows credentials', { method: 'POST', credentials: 'include' }, [{ preflight: pre(origin, credsTrue), response: ok(origin, credsTrue) }], 'allowed'),
  upload('POST with x-custom', { method: 'POST', headers: [['x-custom', '1']] }, [{ preflight: failingPreflight, response: ok(origin) }], 'blocked'),
  upload('POST to the same origin', { method: 'POST', target: 'page' }, [{ preflight: failingPreflight, response: ok() }], 'allowed'),
  upload('POST twice, Access-Control-Max-Age 600', { method: 'POST', repeat: 2 }, [{ preflight: pre(origin, [MAX_AGE, '600']), response: ok(origin) }], 'allowed'),
  upload('POST redirected 307 to OTHER', { method: 'POST' }, [{ preflight: pre(origin), response: redirect(307, '{next}', origin) }, { on: 'other', preflight: pre([ACAO, '*']), response: ok([ACAO, '*']) }], 'allowed'),
  upload('POST redirected 302 to OTHER (becomes GET)', { method: 'POST' }, [{ preflight: pre(origin), response: redirect(302, '{next}', origin) }, { on: 'other', preflight: failingPreflight, response: ok([ACAO, '*']) }], 'blocked'),
  upload('POST whose preflight redirects', { method: 'POST' }, [{ preflight: redirect(302, '{next}', origin), response: ok(origin) }, { response: ok(origin) }], 'blocked'),
]

// A redirect that changes the method: the standard keeps DELETE (only 303, and 301/302 of a POST,
// make a GET); WebKitGTK's network layer makes a GET of a DELETE redirected to another origin.
const anyMethod = pre([ACAO, '*'], [ACAM, 'DELETE, PUT, GET'], [ACAH, 'content-type'])
const methodRedirect = (method: string, status: number, to: 'api' | 'other'): GroundTruthCase => ({
  name: `redirect: ${method} with content-type application/json, ${status} to ${to === 'api' ? 'the same origin' : 'OTHER'}`,
  request: { method, headers: [['content-type', 'application/json']] },
  hops: [
    { preflight: anyMethod, response: redirect(status, '{next}', [ACAO, '*']) },
    { on: to, preflight: anyMethod, response: ok([ACAO, '*']) },
  ],
  spec: 'allowed',
})
const methodRedirectCases: GroundTruthCase[] = [
  ...[301, 302, 307, 308].map((status) => methodRedirect('DELETE', status, 'other')),
  methodRedirect('DELETE', 302, 'api'),
  methodRedirect('delete', 301, 'other'),
  methodRedirect('PUT', 301, 'other'),
  methodRedirect('PATCH', 302, 'other'),
  {
    name: 'redirect: DELETE without other headers, 302 to OTHER',
    request: { method: 'DELETE' },
    hops: [
      { preflight: anyMethod, response: redirect(302, '{next}', [ACAO, '*']) },
      { on: 'other', preflight: anyMethod, response: ok([ACAO, '*']) },
    ],
    spec: 'allowed',
  },
  {
    name: 'redirect: DELETE from the page, 307 to the API',
    request: { method: 'DELETE', target: 'page' },
    hops: [{ response: redirect(307, '{next}') }, { preflight: anyMethod, response: ok([ACAO, '*']) }],
    spec: 'allowed',
  },
]

// Bad ports (https://fetch.spec.whatwg.org/#bad-port): fetch() refuses them before anything is sent,
// on the first URL and on a redirect's. The replay server listens on each, so a request that does
// go out is seen.
const badPort = (port: number, request: CaseRequest = {}, response: Answer = ok([ACAO, '*'])): GroundTruthCase => ({
  name: `bad port: ${request.method ?? 'GET'} to port ${port}${request.mode ? ` (${request.mode})` : ''}`,
  request,
  hops: [{ port, preflight: pre([ACAO, '*'], [ACAM, 'PUT']), response }],
  spec: 'blocked',
})
const badPortCases: GroundTruthCase[] = [
  badPort(6000),
  badPort(10080, { method: 'PUT' }),
  badPort(4190, { method: 'POST', headers: [['content-type', 'text/plain']] }),
  badPort(6000, { mode: 'no-cors' }, ok()),
  { name: 'bad port: a 302 to port 6000', request: {}, hops: [{ response: redirect(302, '{next}', origin) }, { port: 6000, response: ok([ACAO, '*']) }], spec: 'blocked' },
  {
    name: 'bad port: a PUT redirected 307 to port 6679 after its preflight',
    request: { method: 'PUT' },
    hops: [{ preflight: pre(origin, [ACAM, 'PUT']), response: redirect(307, '{next}', origin) }, { port: 6679, preflight: pre([ACAO, '*'], [ACAM, 'PUT']), response: ok([ACAO, '*']) }],
    spec: 'blocked',
  },
  {
    name: 'bad port: a PUT redirected 307 to port 6000 after its preflight',
    request: { method: 'PUT' },
    hops: [{ preflight: pre(origin, [ACAM, 'PUT']), response: redirect(307, '{next}', origin) }, { port: 6000, preflight: pre([ACAO, '*'], [ACAM, 'PUT']), response: ok([ACAO, '*']) }],
    spec: 'blocked',
  },
  { name: "bad port: redirect 'manual', a 302 to port 6000", request: { redirect: 'manual' }, hops: [{ response: redirect(302, '{next}', origin) }, { port: 6000, response: ok([ACAO, '*']) }], spec: 'opaque' },
  { name: "bad port: redirect 'error', a 302 to port 6000", request: { redirect: 'error' }, hops: [{ response: redirect(302, '{next}', origin) }, { port: 6000, response: ok([ACAO, '*']) }], spec: 'blocked' },
  { name: 'bad port: no-cors, a 302 to port 10080', request: { mode: 'no-cors' }, hops: [{ response: redirect(302, '{next}') }, { port: 10080, response: ok() }], spec: 'blocked' },
  { name: 'bad port: the page redirects to port 6000', request: { target: 'page' }, hops: [{ response: redirect(302, '{next}') }, { port: 6000, response: ok([ACAO, '*']) }], spec: 'blocked' },
  badPort(6000, { mode: 'same-origin' }),
  { name: "bad port: no-cors with redirect 'manual' to port 6000", request: { mode: 'no-cors', redirect: 'manual' }, hops: [{ port: 6000, response: ok() }], spec: 'blocked' },
  { ...badPort(6000, { method: 'TRACE' }), spec: 'threw' },
]

// Every port of the standard's list, and the ports around two of them, through fetch() only.
const portSweepCases: GroundTruthCase[] = [...standardBadPorts, 5999, 6001, 10079, 10081].map((port) => ({
  name: `bad port sweep: GET to port ${port}`,
  request: {},
  hops: [{ port, response: ok([ACAO, '*']) }],
  spec: standardBadPorts.includes(port) ? 'blocked' : 'allowed',
}))

const fetchCases: GroundTruthCase[] = [
  ...acaoCases,
  ...acacCases,
  ...requestHeaderCases,
  ...forbiddenCases,
  ...methodCases,
  ...preflightCases,
  ...exposeCases,
  ...maxAgeCases,
  ...redirectCases,
  ...modeCases,
  ...exposeListCases,
  ...clientHintCases,
  ...refusedHeaderCases,
  ...controlCases,
  ...refusedRequestCases,
  ...methodRedirectCases,
  ...badPortCases,
]

/** Can a page make this request with XMLHttpRequest? (XHR is always cors mode, follows redirects, and sends credentials or same-origin.) */
function xhrCan(r: CaseRequest): boolean {
  return (r.mode ?? 'cors') === 'cors' && (r.redirect ?? 'follow') === 'follow' && r.credentials !== 'omit'
}

/** The same case through XMLHttpRequest: credentials 'include' becomes withCredentials. */
function viaXhr(c: GroundTruthCase): GroundTruthCase {
  return { ...c, name: `xhr: ${c.name}`, request: { ...c.request, initiator: 'xhr' } }
}

// Every case a page can make with XHR runs through it too; those with a method that carries a body,
// with an upload listener as well (a body and xhr.upload.onprogress set before send()).
const carriesBody = (c: GroundTruthCase) => !['GET', 'HEAD'].includes((c.request.method ?? 'GET').toUpperCase())
const xhrCases: GroundTruthCase[] = fetchCases.filter((c) => xhrCan(c.request)).map(viaXhr)
const xhrUploadVariants: GroundTruthCase[] = fetchCases
  .filter((c) => xhrCan(c.request) && carriesBody(c) && c.spec !== 'threw')
  .map((c) => ({ ...c, name: `xhr upload listener: ${c.name}`, request: { ...c.request, initiator: 'xhr' as const, uploadListener: true } }))

export const cases: GroundTruthCase[] = [...fetchCases, ...xhrCases, ...uploadCases, ...xhrUploadVariants, ...portSweepCases]

{
  const seen = new Set<string>()
  for (const c of cases) {
    if (seen.has(c.name)) throw new Error(`duplicate ground-truth case name: ${c.name}`)
    seen.add(c.name)
  }
}
