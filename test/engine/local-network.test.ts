import { describe, expect, it } from 'vitest'
import { addressSpaceOfHost, isCorslabError, simulate, simulateSteps, suggestFix, type Answer, type PageRequest } from '../../src/index.ts'
import { isPotentiallyTrustworthy } from '../../src/engine/address-space.ts'

const page = 'https://app.example.com'
const allow = (origin = page): Answer => ({ status: 200, headers: { 'access-control-allow-origin': origin } })
const preflightOk: Answer = { status: 204, headers: { 'access-control-allow-origin': page, 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-custom' } }
const get = (url: string, more: Partial<PageRequest> = {}): PageRequest => ({ url, origin: page, addressSpace: 'public', ...more })

describe('the address space a URL host says', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['localhost', 'loopback'],
    ['api.localhost', 'loopback'],
    ['[::1]', 'loopback'],
    ['0.0.0.0', 'loopback'],
    ['10.1.2.3', 'local'],
    ['172.16.0.1', 'local'],
    ['172.31.255.255', 'local'],
    ['192.168.1.20', 'local'],
    ['169.254.0.1', 'local'],
    ['100.64.0.1', 'local'],
    ['printer.local', 'local'],
    ['[fe80::1]', 'local'],
    ['[fd00::5]', 'local'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['[::ffff:c0a8:114]', 'local'],
    ['172.32.0.1', 'public'],
    ['8.8.8.8', 'public'],
    ['[2606:4700::1111]', 'public'],
  ] as const)('%s is %s', (host, space) => {
    expect(addressSpaceOfHost(host)).toBe(space)
  })

  it('a name is null: only the address it resolves to tells', () => {
    expect(addressSpaceOfHost('api.example.com')).toBeNull()
    expect(addressSpaceOfHost('localhost.example.com')).toBeNull()
  })

  it('secure contexts: https, and http on a loopback host', () => {
    expect(isPotentiallyTrustworthy('https://app.example.com')).toBe(true)
    expect(isPotentiallyTrustworthy('http://localhost:5173')).toBe(true)
    expect(isPotentiallyTrustworthy('http://127.0.0.1:5173')).toBe(true)
    expect(isPotentiallyTrustworthy('http://[::1]:5173')).toBe(true)
    expect(isPotentiallyTrustworthy('http://app.example.com')).toBe(false)
    expect(isPotentiallyTrustworthy('http://192.168.1.20')).toBe(false)
    expect(isPotentiallyTrustworthy('null')).toBe(false)
  })
})

describe('Chromium', () => {
  it('refuses a public page reaching loopback before sending anything, preflight included', () => {
    const verdict = simulate({ request: get('http://127.0.0.1:4010/api/items', { method: 'PUT', headers: { 'x-custom': '1' } }), preflight: preflightOk, response: allow() })
    expect(verdict).toMatchObject({
      outcome: 'blocked',
      stage: 'request',
      reason: 'local-network-access-denied',
      preflight: null,
      preflights: 0,
      error: 'Failed to fetch',
      detail: { addressSpace: 'loopback' },
      message:
        "Access to fetch at 'http://127.0.0.1:4010/api/items' from origin 'https://app.example.com' has been blocked by CORS policy: Permission was denied for this request to access the `loopback` address space.",
    })
    expect(verdict.pending).toBeUndefined()
    expect(simulate({ request: get('http://127.0.0.1:4010/api/items'), response: allow() }, { localNetworkAccess: 'denied' }).reason).toBe('local-network-access-denied')
  })

  it('lets it through once granted, to meet CORS as usual', () => {
    expect(simulate({ request: get('http://127.0.0.1:4010/api/items'), response: allow() }, { localNetworkAccess: 'granted' }).outcome).toBe('allowed')
    const cors = simulate({ request: get('http://127.0.0.1:4010/api/items'), response: { status: 200 } }, { localNetworkAccess: 'granted' })
    expect(cors).toMatchObject({ outcome: 'blocked', stage: 'response', reason: 'missing-allow-origin' })
  })

  it("takes the server's space from the answer where the host does not say it", () => {
    const lan = simulate({ request: get('http://nas.example.com/api'), response: { ...allow(), addressSpace: 'local' } })
    expect(lan.message).toContain('Permission was denied for this request to access the `local` address space.')
    expect(simulate({ request: get('http://nas.example.com/api'), response: allow() }).outcome).toBe('allowed')
    // An answer's space stands in for the browser's override, even against an IP literal.
    expect(simulate({ request: get('http://127.0.0.1:4010/api'), response: { ...allow(), addressSpace: 'public' } }).outcome).toBe('allowed')
  })

  it('asks nothing of a page on the loopback or local network, or without an address space', () => {
    for (const addressSpace of ['loopback', 'local'] as const) {
      expect(simulate({ request: get('http://127.0.0.1:4010/api', { addressSpace }), response: allow() }).outcome).toBe('allowed')
    }
    expect(simulate({ request: { url: 'http://127.0.0.1:4010/api', origin: page }, response: allow() }).outcome).toBe('allowed')
  })

  it('refuses a page that is not a secure context, granted or not', () => {
    const verdict = simulate({ request: get('http://127.0.0.1:4010/api', { origin: 'http://app.example.com' }), response: allow('http://app.example.com') }, { localNetworkAccess: 'granted' })
    expect(verdict).toMatchObject({ reason: 'local-network-insecure-context', stage: 'request' })
    expect(verdict.message).toContain('The request client is not a secure context and the resource is in more-private address space `loopback`.')
  })

  it("checks fetch()'s targetAddressSpace against the server's space, from any page", () => {
    const mismatch = simulate({ request: get('http://127.0.0.1:4010/api', { addressSpace: 'loopback', targetAddressSpace: 'local' }), response: allow() })
    expect(mismatch).toMatchObject({ reason: 'local-network-target-mismatch', detail: { addressSpace: 'loopback', targetAddressSpace: 'local' } })
    expect(mismatch.message).toContain('Request had a target IP address space of `local` yet the resource is in address space `loopback`.')
    expect(simulate({ request: get('http://127.0.0.1:4010/api', { targetAddressSpace: 'private' }), response: allow() }, { localNetworkAccess: 'granted' }).detail?.targetAddressSpace).toBe('local')
    expect(simulate({ request: get('http://127.0.0.1:4010/api', { targetAddressSpace: 'loopback' }), response: allow() }, { localNetworkAccess: 'granted' }).outcome).toBe('allowed')
    // Matching it does not stand in for the permission.
    expect(simulate({ request: get('http://127.0.0.1:4010/api', { targetAddressSpace: 'loopback' }), response: allow() }).reason).toBe('local-network-access-denied')
    expect(simulate({ request: get('http://127.0.0.1:4010/api', { targetAddressSpace: 'unknown' }), response: allow() }).reason).toBe('local-network-access-denied')
  })

  it("rejects a targetAddressSpace outside fetch()'s enum before sending anything", () => {
    const verdict = simulate({ request: get('http://127.0.0.1:4010/api', { targetAddressSpace: 'lan' }), response: allow() }, { localNetworkAccess: 'granted' })
    expect(verdict).toMatchObject({ outcome: 'blocked', stage: 'request', message: '', preflights: 0 })
    expect(verdict.error).toBe("Failed to execute 'fetch' on 'Window': Failed to read the 'targetAddressSpace' property from 'RequestInit': The provided value 'lan' is not a valid enum value of type IPAddressSpace.")
  })

  it('refuses a redirect into the loopback network at the redirect, and keeps targetAddressSpace across it', () => {
    const chain = [{ response: { status: 302, headers: { location: 'http://127.0.0.1:4010/api', 'access-control-allow-origin': page } } }, { response: allow('null') }]
    const verdict = simulate({ request: get('https://api.example.com/go'), chain })
    expect(verdict).toMatchObject({ stage: 'redirect', reason: 'local-network-access-denied', redirected: true })
    expect(verdict.message).toBe(
      "Access to fetch at 'http://127.0.0.1:4010/api' (redirected from 'https://api.example.com/go') from origin 'https://app.example.com' has been blocked by CORS policy: Permission was denied for this request to access the `loopback` address space.",
    )
    const target = simulate({ request: get('https://api.example.com/go', { targetAddressSpace: 'public' }), chain }, { localNetworkAccess: 'granted' })
    expect(target).toMatchObject({ stage: 'redirect', reason: 'local-network-target-mismatch' })
  })

  it('says what to do', () => {
    const request = get('http://127.0.0.1:4010/api')
    const denied = simulate({ request, response: allow() })
    expect(suggestFix(denied, request)?.text).toContain("localNetworkAccess: 'granted'")
    expect(suggestFix(denied, request)?.where).toBe('page')
    const mismatch = simulate({ request: { ...request, targetAddressSpace: 'local' }, response: allow() })
    expect(suggestFix(mismatch, request)?.text).toContain("pass `targetAddressSpace: 'loopback'`, or leave it out")
  })
})

describe('Firefox and WebKit', () => {
  it('Firefox holds the request while its prompt waits, and fails it once denied', () => {
    const request = get('http://127.0.0.1:4010/api')
    expect(simulate({ request, response: allow() }, { browser: 'firefox' })).toMatchObject({ outcome: 'blocked', pending: true, message: '', reason: 'local-network-access-denied' })
    const denied = simulate({ request, response: allow() }, { browser: 'firefox', localNetworkAccess: 'denied' })
    expect(denied.pending).toBeUndefined()
    expect(denied.message).toBe('Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://127.0.0.1:4010/api. (Reason: CORS request did not succeed). Status code: (null).')
    expect(denied.error).toBe('NetworkError when attempting to fetch resource.')
    // No targetAddressSpace, and a plain-http page may ask.
    expect(simulate({ request: { ...request, targetAddressSpace: 'local' }, response: allow() }, { browser: 'firefox', localNetworkAccess: 'granted' }).outcome).toBe('allowed')
    expect(simulate({ request: { ...request, origin: 'http://app.example.com' }, response: allow('http://app.example.com') }, { browser: 'firefox', localNetworkAccess: 'granted' }).outcome).toBe('allowed')
  })

  it('WebKit has no check', () => {
    expect(simulate({ request: get('http://127.0.0.1:4010/api', { targetAddressSpace: 'lan' }), response: allow() }, { browser: 'webkit', localNetworkAccess: 'denied' }).outcome).toBe('allowed')
  })
})

describe('steps and input', () => {
  it('asks for the answer of the request it may not send, and reads only where it came from', () => {
    const steps = simulateSteps(get('http://nas.example.com/api'))
    const first = steps.next()
    expect(first).toMatchObject({ done: false, value: { kind: 'response', url: 'http://nas.example.com/api' } })
    const last = steps.next({ ...allow(), addressSpace: 'local' })
    expect(last).toMatchObject({ done: true, value: { reason: 'local-network-access-denied', stage: 'request' } })
  })

  it('refuses values it does not know, naming them', () => {
    const fails = (run: () => unknown, code: string, text: string) => {
      const error = (() => {
        try {
          run()
        } catch (e) {
          return e
        }
        return undefined
      })()
      expect(isCorslabError(error, code as never)).toBe(true)
      expect((error as Error).message).toContain(text)
    }
    fails(() => simulate({ request: get('http://127.0.0.1/a'), response: allow() }, { localNetworkAccess: 'yes' as never }), 'E_INVALID_OPTION', "options.localNetworkAccess: \"yes\" is not one of 'granted', 'denied', 'prompt'")
    fails(() => simulate({ request: get('http://127.0.0.1/a', { addressSpace: 'lan' as never }), response: allow() }), 'E_INVALID_OPTION', 'request.addressSpace: "lan"')
    fails(() => simulate({ request: get('http://127.0.0.1/a'), response: { ...allow(), addressSpace: 'intranet' as never } }), 'E_INVALID_EXCHANGE', 'addressSpace of answer 0: "intranet"')
  })
})
