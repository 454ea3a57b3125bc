import { simulate, type BrowserName, type LocalNetworkAccess, type PageRequest } from '../../engine/index.ts'

/** `corslab explain local-network-access`: a topic, not a scenario (no server policy causes it). */
export const localNetworkTopic = 'local-network-access'

const page = 'https://app.example.com'
const api = 'http://127.0.0.1:4010/api/items'

// The engine's console text for a public page's GET to the API.
function line(browser: BrowserName, permission: LocalNetworkAccess, more: Partial<PageRequest> = {}): string {
  const request: PageRequest = { url: api, origin: page, addressSpace: 'public', ...more }
  return simulate({ request, response: { status: 200, headers: { 'access-control-allow-origin': request.origin } } }, { browser, localNetworkAccess: permission }).message ?? ''
}
const reasonOf = (message: string) => `... ${message.slice(message.indexOf('has been blocked by CORS policy: '))}`

export function localNetworkText(): string {
  return `${localNetworkTopic}: a public page calling a local or loopback address (Chrome 142+)

  Since Chrome 142 (October 2025), Chromium asks the user before a page from the public internet
  reaches the local network (192.168.x.x, 10.x.x.x, *.local, a device on the LAN) or the loopback
  address (localhost, 127.0.0.1, ::1): Local Network Access. Until the user allows it, the
  request fails before anything is sent, preflight included, and the server never sees it. A
  deployed or preview frontend calling an API on localhost meets it; so does a web app talking to
  a device on the LAN. A page that is itself on the local or loopback network (a dev server on
  localhost) needs no permission. No server header changes this: the user, or an enterprise
  policy, decides.

What each browser does (measured: Chromium 156, Firefox ESR 153, WebKitGTK 2.50):
  chromium: a public page, permission denied (or never answered: automation answers "no"):
    ${line('chromium', 'denied')}
    fetch() rejects with TypeError: Failed to fetch; XMLHttpRequest fires error, status 0.
    Granted, the request goes and meets CORS as usual. A page that is not a secure context (plain
    http:, other than localhost) is refused whatever the user says:
    ${reasonOf(line('chromium', 'granted', { origin: 'http://app.example.com' }))}
    fetch(url, { targetAddressSpace }) that names another space than the server's fails too,
    granted or not, even from a loopback page ('private' is read as 'local'):
    ${reasonOf(line('chromium', 'granted', { targetAddressSpace: 'local' }))}
  firefox: asks too (prefs network.lna.*). Never answered, the request waits; denied, it fails as
    ${line('firefox', 'denied')}
    with TypeError: NetworkError when attempting to fetch resource. It ignores targetAddressSpace
    and lets a plain-http page ask.
  webkit: no check: WebKitGTK 2.50 has Local Network Access only as an unstable feature, off by
    default, and Safari does not ship it (WebKit is implementing it behind LocalNetworkAccessEnabled).

How a Playwright suite tests both outcomes (corslab/playwright, Chromium):
  test.describe('API on localhost, permission refused', () => {
    test.use({ localNetworkAccess: 'denied' })
    test('says how to allow it', async ({ page, corslab }) => {
      ...
      await expect(corslab).toHaveBlocked({ reason: 'local-network-access-denied' })
    })
  })
  test.use({ localNetworkAccess: 'granted' }) lets the requests through to the scenario's CORS rules.
  The fixture serves each page the test opens with Content-Security-Policy: treat-as-public-address
  (Chromium then treats it as public, whatever its address) and grants or denies the permission.
  By hand, the same in Chromium: --ip-address-space-overrides=127.0.0.1:5173=public (the page's
  server) and Playwright's context.grantPermissions(['local-network-access']) (or CDP
  Browser.setPermission, names 'loopback-network' and 'local-network', setting 'denied').

How to make the app work:
  - Expect the prompt: the user must allow it once per site. Tell users why, and handle the
    TypeError (the request may also simply wait while the prompt is open).
  - From an https page to an http address on the LAN, pass fetch(url, { targetAddressSpace: 'local' })
    (or 'loopback'): Chromium then asks instead of refusing it as mixed content (Chrome's own
    guidance; corslab has not measured it). It must name the server's real space.
  - Or keep the request off the local network: serve the API from the page's own origin (a proxy)
    or from a public address.
  - Managed browsers: the LocalNetworkAccessAllowedForUrls enterprise policy allows listed origins
    without a prompt.
`
}
