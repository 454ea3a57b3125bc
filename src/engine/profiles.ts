import { standardBadPorts } from './fetch-terms.ts'
import type { BrowserName } from './types.ts'

/** Where the browsers depart from each other (and from the Fetch Standard). */
export interface BrowserProfile {
  name: BrowserName
  /** Cap on `Access-Control-Max-Age`, in seconds. */
  maxAgeCap: number
  /** Does `Access-Control-Allow-Headers: *` cover `Authorization` (without credentials)? */
  wildcardCoversAuthorization: boolean
  /** Are empty items in `Access-Control-Allow-Methods`/`-Headers` (`a,,b`) a parse failure? */
  emptyListItemFails: boolean
  /** Does a negative `Access-Control-Max-Age` mean "do not cache" (instead of the default 5 s)? */
  negativeMaxAgeDisablesCache: boolean
  /** Request headers the browser ignores beyond the spec's forbidden list. */
  extraForbiddenHeaders: readonly string[]
  /**
   * Does the safelist look at each header line on its own, with no 1024-byte total? (The spec
   * combines repeated names and makes everything unsafe past 1024 bytes.)
   */
  safelistPerLine: boolean
  /** Does a cached `*` in `Access-Control-Allow-Methods`/`-Headers` serve a later request? */
  cacheHonorsWildcard: boolean
  /** Does a cached `Access-Control-Allow-Headers: *` cover `Authorization` (as a fresh one does in all three)? */
  cachedWildcardCoversAuthorization: boolean
  /**
   * When the request as the page made it needed a preflight, does every cross-origin URL of its
   * redirect chain get one, even where a redirect made it simple? `page`: with the page's origin and
   * the names still sent (Firefox); `first`: with the request's (tainted) origin and the page's
   * unsafe names, even those a redirect removed (WebKit). false: only where the request still needs
   * one (Chromium, the standard).
   */
  preflightAfterRedirect: false | 'page' | 'first'
  /** Are Chromium's client hints (`Width`, `DPR`, `Save-Data`, ...) and `Intervention` CORS-safelisted? */
  clientHintsSafelisted: boolean
  /**
   * XHR with listeners on its upload object: `always` forces a preflight (the XHR standard), `body`
   * only when a body goes (not for GET or HEAD).
   */
  uploadListenerPreflight: 'always' | 'body'
  /** Does a response that fails its CORS check drop the URL's cached preflight (Firefox)? */
  failedResponseClearsPreflight: boolean
  /**
   * Is a redirect response checked as a credentialed one when the request started at the page's own
   * origin with `credentials: 'same-origin'` (WebKit: `*` refused, `Access-Control-Allow-Credentials` needed)?
   */
  redirectKeepsSameOriginCredentials: boolean
  /** Does a preflight follow a redirect as the request would, so that under `redirect: 'manual'` or `'error'` a 3xx is just a status that is not ok (Firefox)? */
  preflightRedirectFollowsRequestMode: boolean
  /** The order a preflight answer is checked in. */
  preflightOrder: ReadonlyArray<'redirect' | 'status' | 'access' | 'methods' | 'headers' | 'method' | 'header'>
  /** The ports fetch() and XHR refuse to connect to (https://fetch.spec.whatwg.org/#bad-port), as this browser lists them. */
  badPorts: ReadonlySet<number>
  /** Does an XHR redirected to a bad port fire no event at all, so the page waits forever (Firefox)? */
  badPortRedirectHangsXhr: boolean
  /** Does a redirect to another origin turn a DELETE into a GET, whatever the status, 307 and 308 included (WebKit)? */
  deleteBecomesGetAcrossOrigins: boolean
  /** The TypeError message fetch() rejects with on a network error. */
  fetchError: string
  /**
   * Local Network Access (public page, less public server): whether fetch()'s `targetAddressSpace`
   * is checked (and the TypeError for a value it does not know), whether a page that is not a secure
   * context is refused outright, and what an unanswered prompt does: `denied` (Chromium under
   * automation) or `waits` (Firefox holds the request). False: no check at all.
   */
  localNetworkAccess: false | { targetAddressSpace: false | { invalid: string }, secureContext: boolean, prompt: 'denied' | 'waits' }
}

// Where a profile departs from the Fetch Standard, it is what the browser on this machine did
// (test/ground-truth): Chromium 156 lets `Access-Control-Allow-Headers: *` cover Authorization
// (step 7.6 says it never does) and ignores a page's User-Agent; all three skip empty list items
// and read a negative max-age as 0; Firefox checks each request-header line on its own, with no
// 1024-byte total, and does not reuse a cached `*`; Firefox and WebKit keep preflighting after a
// redirect even when the request became simple; Chromium safelists its client hints; upload
// listeners force a preflight in Chromium only when a body goes.
// Frozen, nested objects and lists included: every verdict in the process reads this one table.
function frozen<T extends object>(value: T): T {
  for (const field of Object.values(value)) if (typeof field === 'object' && field !== null) frozen(field)
  return Object.freeze(value)
}

export const profiles: Readonly<Record<BrowserName, Readonly<BrowserProfile>>> = frozen({
  chromium: {
    name: 'chromium',
    maxAgeCap: 7200,
    wildcardCoversAuthorization: true,
    emptyListItemFails: false,
    negativeMaxAgeDisablesCache: true,
    extraForbiddenHeaders: ['user-agent'],
    safelistPerLine: false,
    cacheHonorsWildcard: true,
    cachedWildcardCoversAuthorization: false,
    preflightAfterRedirect: false,
    clientHintsSafelisted: true,
    uploadListenerPreflight: 'body',
    failedResponseClearsPreflight: false,
    redirectKeepsSameOriginCredentials: false,
    preflightRedirectFollowsRequestMode: false,
    // preflight_controller.cc: a redirect fails at once; CheckAccess runs before the status check.
    preflightOrder: ['redirect', 'access', 'status', 'methods', 'headers', 'method', 'header'],
    // net/base/port_util.cc kRestrictedPorts: the standard's list without 4190 and 6679 (measured).
    badPorts: new Set(standardBadPorts.filter((port) => port !== 4190 && port !== 6679)),
    badPortRedirectHangsXhr: false,
    deleteBecomesGetAcrossOrigins: false,
    fetchError: 'Failed to fetch',
    localNetworkAccess: {
      targetAddressSpace: {
        invalid: "Failed to execute 'fetch' on 'Window': Failed to read the 'targetAddressSpace' property from 'RequestInit': The provided value '{v}' is not a valid enum value of type IPAddressSpace.",
      },
      secureContext: true,
      prompt: 'denied',
    },
  },
  firefox: {
    name: 'firefox',
    maxAgeCap: 86400,
    wildcardCoversAuthorization: true,
    emptyListItemFails: false,
    negativeMaxAgeDisablesCache: true,
    extraForbiddenHeaders: [],
    safelistPerLine: true,
    cacheHonorsWildcard: false,
    cachedWildcardCoversAuthorization: false,
    preflightAfterRedirect: 'page',
    clientHintsSafelisted: false,
    uploadListenerPreflight: 'always',
    failedResponseClearsPreflight: true,
    redirectKeepsSameOriginCredentials: false,
    preflightRedirectFollowsRequestMode: true,
    // nsCORSListenerProxy: the preflight channel's own access check comes first (a 302 without
    // ACAO reports the missing header), then the redirect, the status, methods, then headers.
    preflightOrder: ['access', 'redirect', 'status', 'methods', 'method', 'headers', 'header'],
    badPorts: new Set(standardBadPorts),
    badPortRedirectHangsXhr: true,
    deleteBecomesGetAcrossOrigins: false,
    fetchError: 'NetworkError when attempting to fetch resource.',
    // Firefox ESR 153 (prefs network.lna.*): no targetAddressSpace, plain-http pages may ask.
    localNetworkAccess: { targetAddressSpace: false, secureContext: false, prompt: 'waits' },
  },
  webkit: {
    name: 'webkit',
    maxAgeCap: 600,
    wildcardCoversAuthorization: true,
    emptyListItemFails: false,
    negativeMaxAgeDisablesCache: true,
    extraForbiddenHeaders: [],
    safelistPerLine: false,
    cacheHonorsWildcard: true,
    cachedWildcardCoversAuthorization: true,
    preflightAfterRedirect: 'first',
    clientHintsSafelisted: false,
    uploadListenerPreflight: 'always',
    failedResponseClearsPreflight: false,
    redirectKeepsSameOriginCredentials: true,
    preflightRedirectFollowsRequestMode: false,
    // CrossOriginAccessControl.cpp validatePreflightResponse: status first (a 3xx included).
    preflightOrder: ['status', 'access', 'methods', 'headers', 'method', 'header'],
    badPorts: new Set(standardBadPorts),
    badPortRedirectHangsXhr: false,
    // Measured: 301, 302, 307 and 308 alike; the header lines stay (Content-Type included).
    deleteBecomesGetAcrossOrigins: true,
    fetchError: 'Load failed',
    // WebKitGTK 2.50: Local Network Access is an unstable feature, off.
    localNetworkAccess: false,
  },
})

export const DEFAULT_MAX_AGE = 5
