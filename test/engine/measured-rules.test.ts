import { describe, expect, it } from 'vitest'
import { exposedHeaderNames, simulate, type BrowserName, type HeaderList } from '../../src/index.ts'
import { chromiumHeaderOrder } from '../../src/engine/chromium-header-order.ts'
import { chromiumQuoted, firefoxQuoted } from '../../src/engine/messages.ts'

// Rules measured in Chromium 156, Firefox 153 and WebKitGTK 2.50 (docs/ground-truth.md); the
// recordings in test/ground-truth/observed replay every case behind them.
const origin = 'http://localhost:5173'
const url = 'http://localhost:4010/api/items'

describe('Access-Control-Expose-Headers that does not parse', () => {
  const headers = (value: string): HeaderList => [['access-control-expose-headers', value], ['x-a', '1'], ['x-b', '2'], ['content-type', 'text/plain']]
  const readable = (value: string, browser: BrowserName, initiator: 'fetch' | 'xhr' = 'fetch', credentials = false) =>
    exposedHeaderNames(headers(value), 'cors', credentials, browser, initiator).filter((n) => n.startsWith('x-'))

  it.each(['x-a, x b', 'x-a;', '"x-a", x-b', 'x-a, (', 'x-a, x-\u00e9'])('%j exposes nothing, in every browser', (value) => {
    for (const browser of ['chromium', 'firefox', 'webkit'] as const) expect(readable(value, browser)).toEqual([])
  })

  it('skips empty items', () => {
    expect(readable(', x-a', 'chromium')).toEqual(['x-a'])
    expect(readable('x-a,,x-b, ', 'webkit')).toEqual(['x-a', 'x-b'])
  })

  it("Firefox's fetch() stops at the first * or bad item; Chromium, WebKit and Firefox's XHR parse the whole list", () => {
    expect(readable('*, x b', 'firefox')).toEqual(['x-a', 'x-b'])
    expect(readable('x b, *', 'firefox')).toEqual([])
    expect(readable('*, x b', 'firefox', 'xhr')).toEqual([])
    expect(readable('*, x b', 'chromium')).toEqual([])
    expect(readable('x-a, *', 'webkit')).toEqual(['x-a', 'x-b'])
  })

  it('with credentials * is a name like any other', () => {
    expect(readable('*, x-a', 'firefox', 'fetch', true)).toEqual(['x-a'])
    expect(readable('*, x b', 'firefox', 'fetch', true)).toEqual([])
  })
})

describe("Chromium's CORS-safelisted client hints", () => {
  const preflighted = (name: string, value: string, browser: BrowserName = 'chromium') =>
    simulate({ request: { url, origin, headers: [[name, value]] }, preflight: null, response: { status: 200, headers: { 'access-control-allow-origin': origin } } }, { browser }).preflights > 0

  it.each([
    ['intervention', '<a>(b)', false],
    ['device-memory', '0.5', false],
    ['device-memory', '8.', true],
    ['dpr', 'x', true],
    ['width', '0100', false],
    ['width', '1.5', true],
    ['rtt', '50', false],
    ['ect', '4g', false],
    ['ect', '4G', true],
    ['save-data', 'ON', false],
    ['save-data', 'off', true],
    ['viewport-height', '100', true],
  ] as const)('%s: %j needs a preflight: %s', (name, value, needed) => {
    expect(preflighted(name, value)).toBe(needed)
    // Firefox and WebKit safelist none of them.
    expect(preflighted(name, value, 'firefox')).toBe(true)
  })
})

describe('which header a preflight names when it refuses several', () => {
  const named = (headers: HeaderList, browser: BrowserName, initiator: 'fetch' | 'xhr' = 'fetch') =>
    simulate(
      { request: { url, origin, method: 'POST', headers, initiator }, preflight: { status: 204, headers: { 'access-control-allow-origin': origin, 'access-control-allow-headers': 'x-none' } }, response: { status: 200 } },
      { browser },
    ).detail?.header
  const one = (...names: string[]): HeaderList => names.map((n): [string, string] => [n, '1'])

  it("Chromium: the order of Blink's header map (measured: x-c first of x-c, x-a, x-b)", () => {
    expect(named(one('x-c', 'x-a', 'x-b'), 'chromium')).toBe('x-c')
    expect(named(one('x-b', 'x-a'), 'chromium')).toBe('x-a')
    expect(named([['accept-language', 'en@US'], ['authorization', 'Bearer t']], 'chromium')).toBe('authorization')
  })

  it('Firefox: the sorted order, authorization no exception', () => {
    expect(named(one('x-c', 'x-a', 'x-b'), 'firefox')).toBe('x-a')
    expect(named([['accept-language', 'en@US'], ['authorization', 'Bearer t']], 'firefox')).toBe('accept-language')
  })

  it('WebKit: the headers it knows by name first, each group in the order the page set them', () => {
    expect(named(one('x-b', 'x-a'), 'webkit')).toBe('x-b')
    expect(named([['x-a', '1'], ['range', 'bytes=-5']], 'webkit')).toBe('Range')
    expect(named(one('x-requested-with', 'tau'), 'webkit')).toBe('x-requested-with')
  })

  it("models Blink's table: the client hints Blink adds to a trustworthy URL take buckets too", () => {
    const names = ['x-g', 'nu', 'x-trace', 'alpha', 'omi', 'lam']
    // Measured on the wire: trustworthy (localhost) and not (a name mapped to 127.0.0.1).
    expect(chromiumHeaderOrder(names, 'fetch', true)).toEqual(['x-trace', 'x-g', 'alpha', 'lam', 'omi', 'nu'])
    expect(chromiumHeaderOrder(names, 'fetch', false)).toEqual(['omi', 'x-trace', 'x-g', 'alpha', 'nu', 'lam'])
  })
})

describe('header values in console text', () => {
  it('Chromium writes every character outside printable ASCII as \\uXXXX', () => {
    expect(chromiumQuoted('http://a\u0001b\t\u00e9\u007f')).toBe('http://a\\u0001b\\u0009\\u00E9\\u007F')
  })

  it('Firefox reads the bytes as UTF-8, a bad byte as U+FFFD', () => {
    expect(firefoxQuoted('http://\u00c3\u00a9.example')).toBe('http://\u00e9.example')
    expect(firefoxQuoted('http://\u00e9.example')).toBe('http://\ufffd.example')
  })

  it('a NUL in a response header is no HTTP response: a network error', () => {
    const verdict = simulate({ request: { url, origin }, response: { status: 200, headers: { 'access-control-allow-origin': 'a\u0000b' } } })
    expect(verdict).toMatchObject({ outcome: 'blocked', reason: 'network-error', message: 'Failed to load resource: net::ERR_INVALID_HTTP_RESPONSE' })
  })
})
