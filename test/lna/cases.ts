/*
 * Local Network Access cases: a page in one address space fetches an API in another, with the
 * permission granted, denied or never answered. record.ts runs each in real browsers (the spaces
 * made by each browser's own override: a Chromium flag, Firefox prefs) and keeps what they did in
 * observed/<browser>.json; engine-vs-recorded.test.ts replays the recordings through the engine.
 */

export type Space = 'public' | 'local' | 'loopback'
export type Permission = 'granted' | 'denied' | 'prompt'

export interface LnaRequest {
  method?: string
  headers?: Record<string, string>
  mode?: 'cors' | 'no-cors'
  redirect?: 'follow' | 'manual'
  /** fetch()'s `targetAddressSpace`, passed as is (an invalid value included). */
  targetAddressSpace?: string
  /** Default fetch. */
  initiator?: 'fetch' | 'xhr'
}

export interface LnaCase {
  name: string
  /** The page's address space. */
  page: Space
  /** The page is on an origin that is not potentially trustworthy (`http://pub.test:PORT`). */
  insecure?: boolean
  permission: Permission
  /** The API's address space. */
  api: Space
  /** The request goes first to an API in this space, which redirects (302) to the `api` one. */
  via?: Space
  /** The API answers with CORS headers that allow the page (default true). */
  cors?: boolean
  request?: LnaRequest
}

const put: LnaRequest = { method: 'PUT', headers: { 'x-custom': '1' } }

function lna(name: string, c: Omit<LnaCase, 'name'>): LnaCase {
  return { name, ...c }
}

export const cases: LnaCase[] = [
  // A public page reaching the loopback network: the case Chrome 142 changed.
  lna('public → loopback: GET, permission never answered', { page: 'public', api: 'loopback', permission: 'prompt' }),
  lna('public → loopback: GET, denied', { page: 'public', api: 'loopback', permission: 'denied' }),
  lna('public → loopback: GET, granted', { page: 'public', api: 'loopback', permission: 'granted' }),
  lna('public → loopback: GET, granted, no CORS headers', { page: 'public', api: 'loopback', permission: 'granted', cors: false }),
  lna('public → loopback: PUT with x-custom (preflighted), denied', { page: 'public', api: 'loopback', permission: 'denied', request: put }),
  lna('public → loopback: PUT with x-custom (preflighted), granted', { page: 'public', api: 'loopback', permission: 'granted', request: put }),
  lna('public → loopback: PUT with x-custom, granted, no CORS headers', { page: 'public', api: 'loopback', permission: 'granted', cors: false, request: put }),
  lna('public → loopback: no-cors GET, denied', { page: 'public', api: 'loopback', permission: 'denied', request: { mode: 'no-cors' } }),
  lna('public → loopback: no-cors GET, granted', { page: 'public', api: 'loopback', permission: 'granted', request: { mode: 'no-cors' } }),
  lna('public → loopback: XHR GET, denied', { page: 'public', api: 'loopback', permission: 'denied', request: { initiator: 'xhr' } }),
  lna('public → loopback: XHR GET, granted', { page: 'public', api: 'loopback', permission: 'granted', request: { initiator: 'xhr' } }),
  lna('public → loopback: targetAddressSpace loopback, denied', { page: 'public', api: 'loopback', permission: 'denied', request: { targetAddressSpace: 'loopback' } }),
  lna('public → loopback: targetAddressSpace loopback, granted', { page: 'public', api: 'loopback', permission: 'granted', request: { targetAddressSpace: 'loopback' } }),
  lna('public → loopback: targetAddressSpace local, granted', { page: 'public', api: 'loopback', permission: 'granted', request: { targetAddressSpace: 'local' } }),
  lna('public → loopback: targetAddressSpace public, granted', { page: 'public', api: 'loopback', permission: 'granted', request: { targetAddressSpace: 'public' } }),
  lna('public → loopback: targetAddressSpace private, granted', { page: 'public', api: 'loopback', permission: 'granted', request: { targetAddressSpace: 'private' } }),
  lna('public → loopback: targetAddressSpace unknown, denied', { page: 'public', api: 'loopback', permission: 'denied', request: { targetAddressSpace: 'unknown' } }),
  lna('public → loopback: targetAddressSpace bogus', { page: 'public', api: 'loopback', permission: 'granted', request: { targetAddressSpace: 'bogus' } }),

  // A public page reaching a device on the local network.
  lna('public → local: GET, denied', { page: 'public', api: 'local', permission: 'denied' }),
  lna('public → local: GET, granted', { page: 'public', api: 'local', permission: 'granted' }),
  lna('public → local: targetAddressSpace local, granted', { page: 'public', api: 'local', permission: 'granted', request: { targetAddressSpace: 'local' } }),
  lna('public → local: targetAddressSpace loopback, granted', { page: 'public', api: 'local', permission: 'granted', request: { targetAddressSpace: 'loopback' } }),

  // Public to public: no Local Network Access check, except fetch()'s own option.
  lna('public → public: GET, denied', { page: 'public', api: 'public', permission: 'denied' }),
  lna('public → public: targetAddressSpace public, denied', { page: 'public', api: 'public', permission: 'denied', request: { targetAddressSpace: 'public' } }),
  lna('public → public: targetAddressSpace loopback, granted', { page: 'public', api: 'public', permission: 'granted', request: { targetAddressSpace: 'loopback' } }),

  // A public API that redirects into the loopback network.
  lna('public → public, redirected to loopback: denied', { page: 'public', via: 'public', api: 'loopback', permission: 'denied' }),
  lna('public → public, redirected to loopback: granted', { page: 'public', via: 'public', api: 'loopback', permission: 'granted' }),
  lna('public → public, redirected to loopback: redirect manual, denied', { page: 'public', via: 'public', api: 'loopback', permission: 'denied', request: { redirect: 'manual' } }),
  lna('public → public, redirected to loopback: targetAddressSpace public, denied', { page: 'public', via: 'public', api: 'loopback', permission: 'denied', request: { targetAddressSpace: 'public' } }),
  lna('public → public, redirected to loopback: targetAddressSpace public, granted', { page: 'public', via: 'public', api: 'loopback', permission: 'granted', request: { targetAddressSpace: 'public' } }),
  lna('public → public, redirected to loopback: targetAddressSpace loopback, granted', { page: 'public', via: 'public', api: 'loopback', permission: 'granted', request: { targetAddressSpace: 'loopback' } }),

  // A page that is itself on the loopback network needs no permission.
  lna('loopback → loopback: GET, permission never answered', { page: 'loopback', api: 'loopback', permission: 'prompt' }),
  lna('loopback → loopback: targetAddressSpace loopback, permission never answered', { page: 'loopback', api: 'loopback', permission: 'prompt', request: { targetAddressSpace: 'loopback' } }),
  lna('loopback → loopback: targetAddressSpace local, permission never answered', { page: 'loopback', api: 'loopback', permission: 'prompt', request: { targetAddressSpace: 'local' } }),
  lna('loopback → local: GET, permission never answered', { page: 'loopback', api: 'local', permission: 'prompt' }),

  // A page on the local network calling loopback (and local).
  lna('local → loopback: GET, permission never answered', { page: 'local', api: 'loopback', permission: 'prompt' }),
  lna('local → loopback: GET, denied', { page: 'local', api: 'loopback', permission: 'denied' }),
  lna('local → loopback: targetAddressSpace loopback, permission never answered', { page: 'local', api: 'loopback', permission: 'prompt', request: { targetAddressSpace: 'loopback' } }),
  lna('local → local: GET, permission never answered', { page: 'local', api: 'local', permission: 'prompt' }),

  // A public page on an origin that is not a secure context (http://pub.test).
  lna('insecure public → loopback: GET, denied', { page: 'public', insecure: true, api: 'loopback', permission: 'denied' }),
  lna('insecure public → loopback: GET, granted', { page: 'public', insecure: true, api: 'loopback', permission: 'granted' }),
  lna('insecure public → loopback: targetAddressSpace local, granted', { page: 'public', insecure: true, api: 'loopback', permission: 'granted', request: { targetAddressSpace: 'local' } }),
  lna('insecure public → public: GET, denied', { page: 'public', insecure: true, api: 'public', permission: 'denied' }),
]
