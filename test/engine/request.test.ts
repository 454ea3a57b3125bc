import { describe, expect, it } from 'vitest'
import {
  classifyRequest,
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedRequestHeader,
  isForbiddenRequestHeader,
  simulate,
  type BrowserName,
} from '../../src/index.ts'
import { normalizeMethod } from '../../src/engine/request.ts'

const origin = 'http://127.0.0.1:3000'
const url = 'http://localhost:4010/api'

describe('method normalization (https://fetch.spec.whatwg.org/#concept-method-normalize)', () => {
  it.each([
    ['get', 'GET'],
    ['post', 'POST'],
    ['put', 'PUT'],
    ['delete', 'DELETE'],
    ['head', 'HEAD'],
    ['options', 'OPTIONS'],
    ['patch', 'patch'],
    ['Patch', 'Patch'],
    ['PURGE', 'PURGE'],
  ])('normalizes %s to %s', (input, output) => {
    expect(normalizeMethod(input)).toBe(output)
  })

  it.each(['CONNECT', 'trace', 'Track'])('refuses the forbidden method %s before sending, as fetch() does', (method) => {
    const request = classifyRequest({ url, origin, method })
    expect(request.refusal).toEqual({ reason: 'forbidden-method', error: `Failed to execute 'fetch' on 'Window': '${method}' HTTP method is unsupported.` })
    const verdict = simulate({ request: { url, origin, method }, response: { status: 200 } })
    expect(verdict).toMatchObject({ outcome: 'blocked', stage: 'request', reason: 'forbidden-method', message: '', preflight: null, preflights: 0, requestHeaders: [] })
    expect(verdict.error).toBe(request.refusal?.error)
  })

  it('refuses a method that is not a token', () => {
    expect(classifyRequest({ url, origin, method: 'GE T' }).refusal).toEqual({
      reason: 'invalid-method',
      error: "Failed to execute 'fetch' on 'Window': 'GE T' is not a valid HTTP method.",
    })
  })

  it('refuses a non-safelisted method in no-cors mode, naming it normalized', () => {
    expect(classifyRequest({ url, origin, method: 'put', mode: 'no-cors' }).refusal).toEqual({
      reason: 'disallowed-by-mode',
      error: "Failed to execute 'fetch' on 'Window': 'PUT' is unsupported in no-cors mode.",
    })
  })

  it('gives each browser its own words, and XMLHttpRequest its exception', () => {
    const refusal = (browser: BrowserName, initiator: 'fetch' | 'xhr', method: string) => classifyRequest({ url, origin, method, initiator }, browser).refusal?.error
    expect(refusal('firefox', 'fetch', 'TRACE')).toBe('Window.fetch: Invalid request method TRACE.')
    expect(refusal('webkit', 'fetch', 'TRACE')).toBe('Method is forbidden.')
    expect(refusal('chromium', 'xhr', 'TRACE')).toBe("SecurityError: Failed to execute 'open' on 'XMLHttpRequest': 'TRACE' HTTP method is unsupported.")
    expect(refusal('firefox', 'xhr', 'GE T')).toBe('SyntaxError: An invalid or illegal string was specified')
    expect(refusal('webkit', 'xhr', 'connect')).toBe('SecurityError: The operation is insecure.')
  })

  it('still throws for a method that is not a string: no page can pass one', () => {
    expect(() => classifyRequest({ url, origin, method: 42 as unknown as string })).toThrow(/request.method/)
  })
})

describe('forbidden request-header names are dropped (https://fetch.spec.whatwg.org/#forbidden-request-header)', () => {
  it.each([
    ['origin', 'http://evil.example'],
    ['Cookie', 'a=b'],
    ['DNT', '1'],
    ['Sec-Foo', 'x'],
    ['proxy-authorization', 'x'],
    ['x-http-method-override', 'TRACE'],
    ['X-Method-Override', 'get, track'],
    ['content-length', '5'],
    ['set-cookie', 'a=b'],
  ])('%s is forbidden', (name, value) => {
    expect(isForbiddenRequestHeader(name, value)).toBe(true)
    const request = classifyRequest({ url, origin, headers: [[name, value]] })
    expect(request.headers).toEqual([])
    expect(request.dropped).toEqual([name.toLowerCase()])
  })

  it.each([
    ['x-http-method-override', 'PUT'],
    ['x-custom', 'TRACE'],
    ['authorization', 'Bearer t'],
  ])('%s: %s is not forbidden', (name, value) => {
    expect(isForbiddenRequestHeader(name, value)).toBe(false)
  })
})

describe('CORS-safelisted request-header (https://fetch.spec.whatwg.org/#cors-safelisted-request-header)', () => {
  it.each([
    ['accept', 'application/json', true],
    ['accept', 'text/html(1)', false],
    ['accept', 'a'.repeat(128), true],
    ['accept', 'a'.repeat(129), false],
    ['accept-language', 'en-US,en;q=0.9', true],
    ['accept-language', 'en@US', false],
    ['content-language', 'de-DE', true],
    ['content-language', 'de_DE', false],
    ['content-type', 'text/plain', true],
    ['content-type', 'text/plain; charset=utf-8', true],
    ['content-type', 'Text/Plain', true],
    ['content-type', 'application/x-www-form-urlencoded', true],
    ['content-type', 'multipart/form-data; boundary=x', true],
    ['content-type', 'application/json', false],
    ['content-type', 'text/plain; charset="utf-8"', false],
    ['content-type', 'text/plain{', false],
    ['content-type', 'text', false],
    ['range', 'bytes=0-10', true],
    ['range', 'bytes=5-', true],
    ['range', 'bytes=-500', false],
    ['range', 'bytes=0-10,20-30', false],
    ['range', 'bytes=10-5', false],
    ['range', 'bytes = 0-10', false],
    ['x-custom', 'a', false],
    ['authorization', 'Bearer t', false],
  ])('%s: %s → %s', (name, value, safelisted) => {
    expect(isCorsSafelistedRequestHeader(name, value)).toBe(safelisted)
  })
})

describe('CORS-unsafe request-header names (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names)', () => {
  it('sorts and lower-cases the unsafe names', () => {
    expect(
      corsUnsafeRequestHeaderNames([
        ['X-Zeta', '1'],
        ['Authorization', 'Bearer t'],
        ['Content-Type', 'application/json'],
        ['Accept', 'text/plain'],
      ]),
    ).toEqual(['authorization', 'content-type', 'x-zeta'])
  })

  it('makes every safelisted header unsafe once their values exceed 1024 bytes together', () => {
    const headers: Array<[string, string]> = [
      ['accept', 'a'.repeat(128)],
      ['accept-language', 'b'.repeat(128)],
      ['content-language', 'c'.repeat(128)],
      ['content-type', 'text/plain;' + 'x'.repeat(100)],
    ]
    expect(corsUnsafeRequestHeaderNames(headers)).toEqual([])
    const many = Array.from({ length: 9 }, (_, i): [string, string] => [`accept`, `${i}`.repeat(120)])
    const request = classifyRequest({ url, origin, headers: many })
    // Repeated names combine into one value, which is then over 128 bytes.
    expect(corsUnsafeRequestHeaderNames(request.headers)).toEqual(['accept'])
  })

  it('keeps five safelisted headers of 128 bytes each safe', () => {
    const headers: Array<[string, string]> = [
      ['accept', 'a'.repeat(128)],
      ['accept-language', 'b'.repeat(128)],
      ['content-language', 'c'.repeat(128)],
      ['content-type', 'text/plain;' + 'x'.repeat(117)],
      ['range', 'bytes=' + '1'.repeat(60) + '-' + '2'.repeat(61)],
      ['x-custom', 'y'],
    ]
    expect(corsUnsafeRequestHeaderNames(headers)).toEqual(['x-custom'])
  })

  it('applies the 1024-byte total to separate lines of one name', () => {
    const lines = Array.from({ length: 9 }, (_, i): [string, string] => ['accept', `${i}`.repeat(120)])
    expect(lines.every(([n, v]) => isCorsSafelistedRequestHeader(n, v))).toBe(true)
    expect(corsUnsafeRequestHeaderNames(lines)).toEqual(['accept'])
  })
})

describe('request input', () => {
  it('throws a CorslabError for a URL that is not absolute', () => {
    expect(() => classifyRequest({ url: '/api', origin })).toThrow(/request.url/)
  })

  it.each(['http://localhost:3000/', 'localhost:3000', 'http://a/b'])('throws for origin %s with a fix', (bad) => {
    expect(() => classifyRequest({ url, origin: bad })).toThrow(/serialized origin/)
  })

  it('accepts the opaque origin null', () => {
    expect(classifyRequest({ url, origin: 'null' }).origin).toBe('null')
  })

  it('names the field and the allowed values for an unknown mode', () => {
    expect(() => classifyRequest({ url, origin, mode: 'navigate' as never })).toThrow(/request.mode.*'cors', 'no-cors', 'same-origin'/)
  })

  it('drops non-safelisted headers in no-cors mode, silently', () => {
    const request = classifyRequest({ url, origin, mode: 'no-cors', headers: { 'x-custom': '1', 'content-type': 'text/plain', accept: 'x' } })
    expect(request.headers).toEqual([
      ['content-type', 'text/plain'],
      ['accept', 'x'],
    ])
    expect(request.dropped).toEqual(['x-custom'])
  })

  it('refuses a header value with a newline, as the Headers class does', () => {
    expect(classifyRequest({ url, origin, headers: { 'x-a': 'a\nb' } }).refusal).toEqual({
      reason: 'invalid-header',
      error: "Failed to execute 'fetch' on 'Window': Invalid value",
      header: 'x-a',
    })
  })
})
