import { describe, expect, it } from 'vitest'
import { simulate, suggestFix, type Answer, type BrowserName, type Exchange } from '../../src/index.ts'
import { standardBadPorts } from '../../src/engine/fetch-terms.ts'

// Bad ports (https://fetch.spec.whatwg.org/#bad-port) as Chromium 156, Firefox 153 and WebKitGTK
// 2.50 refuse them (docs/ground-truth.md); the recordings in test/ground-truth/observed replay the
// cases behind each rule, the port sweep included.
const origin = 'http://127.0.0.1:3000'
const api = 'http://localhost:4010/api/items'
const allowAll = { status: 200, headers: { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT' } }
const to = (port: number) => `http://localhost:${port}/api/items`

const direct = (port: number, request: Partial<Exchange['request']> = {}): Exchange => ({ request: { url: to(port), origin, ...request }, preflight: allowAll, response: allowAll })
const redirected = (port: number, request: Partial<Exchange['request']> = {}): Exchange => ({
  request: { url: api, origin, ...request },
  chain: [
    { preflight: allowAll, response: { status: 307, headers: { location: to(port), 'access-control-allow-origin': '*' } } },
    { preflight: allowAll, response: allowAll },
  ],
})

describe('a request to a bad port', () => {
  it.each([
    ['chromium', 'Failed to load resource: net::ERR_UNSAFE_PORT', 'Failed to fetch'],
    ['firefox', '', 'NetworkError when attempting to fetch resource.'],
    ['webkit', 'Not allowed to use restricted network port 6000: http://localhost:6000/api/items', 'Load failed'],
  ] as const)('is refused by %s before anything is sent', (browser, message, error) => {
    const verdict = simulate(direct(6000, { method: 'PUT' }), { browser })
    expect(verdict).toMatchObject({ outcome: 'blocked', stage: 'request', reason: 'bad-port', preflights: 0, preflight: null, message, error })
    expect(verdict.checks.at(-1)).toMatchObject({ name: 'bad-port', passed: false })
  })

  it("follows each browser's list: Chromium leaves out 4190 and 6679", () => {
    const outcome = (port: number, browser: BrowserName) => simulate(direct(port), { browser }).outcome
    for (const port of standardBadPorts) {
      expect(outcome(port, 'firefox'), `port ${port}`).toBe('blocked')
      expect(outcome(port, 'webkit'), `port ${port}`).toBe('blocked')
      expect(outcome(port, 'chromium'), `port ${port}`).toBe(port === 4190 || port === 6679 ? 'allowed' : 'blocked')
    }
    for (const port of [5999, 6001, 10079, 10081]) expect(outcome(port, 'chromium')).toBe('allowed')
  })

  it('is not the default port of the scheme, nor a port of another scheme', () => {
    expect(simulate({ request: { url: 'http://localhost/x', origin }, response: allowAll }).outcome).toBe('allowed')
    expect(simulate({ request: { url: 'data:text/plain,hi', origin }, response: allowAll }, { browser: 'firefox' }).reason).not.toBe('bad-port')
  })

  it("gives way to the request mode's refusals", () => {
    expect(simulate(direct(6000, { mode: 'same-origin' })).reason).toBe('disallowed-by-mode')
    expect(simulate(direct(6000, { mode: 'no-cors', redirect: 'manual' }), { browser: 'webkit' }).reason).toBe('disallowed-by-mode')
  })

  it('is refused in no-cors mode too, and through XMLHttpRequest', () => {
    expect(simulate(direct(6000, { mode: 'no-cors' }), { browser: 'chromium' })).toMatchObject({ reason: 'bad-port', message: 'Failed to load resource: net::ERR_UNSAFE_PORT' })
    expect(simulate(direct(6000, { initiator: 'xhr' }), { browser: 'firefox' })).toMatchObject({ reason: 'bad-port', message: '', error: 'XMLHttpRequest: error event, status 0' })
  })
})

describe('a redirect to a bad port', () => {
  it('fails at the redirect, after the first URL got its request', () => {
    const verdict = simulate(redirected(6000, { method: 'PUT' }), { browser: 'chromium' })
    expect(verdict).toMatchObject({ outcome: 'blocked', stage: 'redirect', reason: 'bad-port', preflights: 1, redirected: true, url: to(6000) })
    expect(suggestFix(verdict, { url: api, origin })).toMatchObject({ where: 'redirect', header: 'Location' })
  })

  it('Firefox names the URL the page asked for; its XHR never fires an event', () => {
    const text = `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${api}. (Reason: CORS request did not succeed). Status code: (null).`
    expect(simulate(redirected(6000), { browser: 'firefox' }).message).toBe(text)
    const xhr = simulate(redirected(6000, { initiator: 'xhr' }), { browser: 'firefox' })
    expect(xhr).toMatchObject({ outcome: 'blocked', pending: true, message: text })
    expect(xhr.error).toBeUndefined()
    // In no-cors mode Firefox prints nothing.
    expect(simulate(redirected(6000, { mode: 'no-cors' }), { browser: 'firefox' }).message).toBe('')
  })

  it('WebKit words it as a blocked preflight where the new URL needs one', () => {
    expect(simulate(redirected(6000, { method: 'PUT' }), { browser: 'webkit' }).message).toBe(
      `CORS-preflight request was blocked\nFetch API cannot load ${to(6000)} due to access control checks.\nFailed to load resource: CORS-preflight request was blocked`,
    )
    expect(simulate(redirected(6000), { browser: 'webkit' }).message).toBe(`Not allowed to use restricted network port 6000: ${to(6000)}`)
  })

  it("is handed back under redirect: 'manual', and refused first under redirect: 'error'", () => {
    expect(simulate(redirected(6000, { redirect: 'manual' })).outcome).toBe('opaque')
    expect(simulate(redirected(6000, { redirect: 'error' })).reason).toBe('network-error')
  })
})

describe('WebKit makes a GET of a DELETE redirected to another origin', () => {
  const allowDelete: Answer = { status: 204, headers: { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'DELETE', 'access-control-allow-headers': 'content-type' } }
  // The method of each request the browser sends (a preflight: the method it asks for).
  const sent = (next: string, browser: BrowserName, status = 307, headers: Array<[string, string]> = [['content-type', 'application/json']]) => {
    const methods: string[] = []
    simulate(
      { request: { url: api, origin, method: 'DELETE', headers } },
      {
        browser,
        resolve: (r): Answer => {
          methods.push(`${r.kind} ${r.kind === 'preflight' ? r.headers.find(([n]) => n === 'access-control-request-method')?.[1] : r.method}`)
          if (r.kind === 'preflight') return allowDelete
          return r.hop === 0 ? { status, headers: { location: next, 'access-control-allow-origin': '*' } } : { status: 200, headers: { 'access-control-allow-origin': '*' } }
        },
      },
    )
    return methods
  }

  it.each([301, 302, 307, 308])('on a %i, and asks the next preflight for GET', (status) => {
    expect(sent('http://localhost:4020/x', 'webkit', status)).toEqual(['preflight DELETE', 'response DELETE', 'preflight GET', 'response GET'])
  })

  it('keeps preflighting it when it came from another origin, not when it left the page\'s own', () => {
    expect(sent('http://localhost:4020/x', 'webkit', 302, [])).toEqual(['preflight DELETE', 'response DELETE', 'preflight GET', 'response GET'])
    const fromPage = simulate(
      { request: { url: `${origin}/a`, origin, method: 'DELETE' } },
      { browser: 'webkit', resolve: (r): Answer => (r.hop === 0 ? { status: 307, headers: { location: api } } : r.kind === 'preflight' ? allowDelete : { status: 200, headers: { 'access-control-allow-origin': '*' } }) },
    )
    expect(fromPage).toMatchObject({ outcome: 'allowed', preflights: 0 })
  })

  it('keeps DELETE on the same origin, and in Chromium and Firefox', () => {
    const kept = ['preflight DELETE', 'response DELETE', 'preflight DELETE', 'response DELETE']
    expect(sent('http://localhost:4010/y', 'webkit')).toEqual(kept)
    expect(sent('http://localhost:4020/x', 'chromium')).toEqual(kept)
    expect(sent('http://localhost:4020/x', 'firefox')).toEqual(kept)
  })
})
