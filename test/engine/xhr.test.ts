import { describe, expect, it } from 'vitest'
import { isCorslabError, simulate, type BrowserName, type Exchange, type PageRequest } from '../../src/index.ts'

const origin = 'http://localhost:5173'
const url = 'http://localhost:4010/api/items'
const allow = { 'access-control-allow-origin': origin }

function run(request: Partial<PageRequest>, answers: Omit<Exchange, 'request'>, browser: BrowserName = 'chromium') {
  return simulate({ request: { url, origin, initiator: 'xhr', ...request }, ...answers }, { browser })
}

describe('XMLHttpRequest as the initiator', () => {
  it('says what sent the request, fetch() by default', () => {
    expect(simulate({ request: { url, origin }, response: { status: 200, headers: allow } }).initiator).toBe('fetch')
    expect(run({}, { response: { status: 200, headers: allow } }).initiator).toBe('xhr')
  })

  it("gives the page XHR's error event and each browser's XHR console text", () => {
    const answers = { response: { status: 200 } }
    const chromium = run({}, answers, 'chromium')
    expect(chromium.error).toBe('XMLHttpRequest: error event, status 0')
    expect(chromium.message).toBe(`Access to XMLHttpRequest at '${url}' from origin '${origin}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`)
    expect(run({}, answers, 'firefox').message).toBe(simulate({ request: { url, origin }, ...answers }, { browser: 'firefox' }).message)
    expect(run({}, answers, 'webkit').message).toBe(`Origin ${origin} is not allowed by Access-Control-Allow-Origin. Status code: 200\nXMLHttpRequest cannot load ${url} due to access control checks.`)
  })

  it("Chromium: no 'valid value' hint after a bad Access-Control-Allow-Origin, a withCredentials hint after a credentials error", () => {
    const mismatch = run({}, { response: { status: 200, headers: { 'access-control-allow-origin': 'http://example.com' } } })
    expect(mismatch.message).toMatch(/that is not equal to the supplied origin\.$/)
    const wildcard = run({ credentials: 'include' }, { response: { status: 200, headers: { 'access-control-allow-origin': '*' } } })
    expect(wildcard.message).toMatch(/credentials mode is 'include'\. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute\.$/)
  })

  it.each([
    [{ credentials: 'omit' }, /request.credentials: .*'include' \(withCredentials\) or 'same-origin'/],
    [{ mode: 'no-cors' }, /request.mode: XMLHttpRequest always uses mode 'cors'/],
    [{ redirect: 'manual' }, /request.redirect: XMLHttpRequest always follows redirects/],
  ] as const)('throws for %j: no page can make it with XHR', (request, message) => {
    expect(() => run(request, { response: { status: 200 } })).toThrow(message)
  })

  it('throws for upload listeners on a fetch()', () => {
    try {
      simulate({ request: { url, origin, uploadListeners: true }, response: { status: 200 } })
      expect.unreachable()
    } catch (error) {
      expect(isCorslabError(error, 'E_INVALID_OPTION')).toBe(true)
    }
  })
})

describe('XHR upload listeners (the use-CORS-preflight flag), as each browser runs them', () => {
  const preflight = { status: 204, headers: allow }
  const response = { status: 200, headers: allow }

  it.each([
    ['chromium', 'POST', true],
    ['chromium', 'GET', false],
    ['chromium', 'HEAD', false],
    ['firefox', 'POST', true],
    ['firefox', 'GET', true],
    ['webkit', 'GET', true],
  ] as const)('%s, %s: a preflight %s', (browser, method, sent) => {
    const verdict = run({ method, uploadListeners: true }, { preflight, response }, browser)
    expect(verdict.outcome).toBe('allowed')
    expect(verdict.preflights).toBe(sent ? 1 : 0)
    if (sent) expect(verdict.preflight?.headers).toEqual([['accept', '*/*'], ['access-control-request-method', method], ['origin', origin]])
  })

  it('forces a preflight on every cross-origin URL of a redirect chain, a 302 that made the POST a GET included', () => {
    const other = 'http://localhost:4011/next'
    const verdict = run({ method: 'POST', uploadListeners: true }, {
      chain: [
        { preflight, response: { status: 302, headers: { ...allow, location: other } } },
        { preflight: { status: 204, headers: { 'access-control-allow-origin': 'null' } }, response: { status: 200, headers: { 'access-control-allow-origin': 'null' } } },
      ],
    })
    expect([verdict.outcome, verdict.preflights]).toEqual(['allowed', 2])
  })
})
