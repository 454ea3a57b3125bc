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
  /**
   * Once a request needed a preflight, does every later cross-origin hop of its redirect chain get
   * one too? `page`: with the page's origin and the names still sent (Firefox); `first`: with the
   * request's (tainted) origin and the first hop's names, even those the redirect removed (WebKit).
   */
  preflightAfterRedirect: false | 'page' | 'first'
  /** The TypeError texts of fetch() for a forbidden method, a method that is not a token, a method no-cors refuses. */
  methodErrors: { forbidden: string; invalid: string; noCors: string }
  /** The order a preflight answer is checked in. */
  preflightOrder: ReadonlyArray<'redirect' | 'status' | 'access' | 'methods' | 'headers' | 'method' | 'header'>
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
// cross-origin redirect even when the request became simple.
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
    preflightAfterRedirect: false,
    methodErrors: {
      forbidden: "Failed to execute 'fetch' on 'Window': '{m}' HTTP method is unsupported.",
      invalid: "Failed to execute 'fetch' on 'Window': '{m}' is not a valid HTTP method.",
      noCors: "Failed to execute 'fetch' on 'Window': '{m}' is unsupported in no-cors mode.",
    },
    // preflight_controller.cc: a redirect fails at once; CheckAccess runs before the status check.
    preflightOrder: ['redirect', 'access', 'status', 'methods', 'headers', 'method', 'header'],
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
    preflightAfterRedirect: 'page',
    methodErrors: {
      forbidden: 'Window.fetch: Invalid request method {m}.',
      invalid: 'Window.fetch: Invalid request method {m}.',
      noCors: 'Window.fetch: Invalid request method {m}.',
    },
    // nsCORSListenerProxy: the preflight channel's own access check comes first (a 302 without
    // ACAO reports the missing header), then the redirect, the status, methods, then headers.
    preflightOrder: ['access', 'redirect', 'status', 'methods', 'method', 'headers', 'header'],
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
    preflightAfterRedirect: 'first',
    methodErrors: {
      forbidden: 'Method is forbidden.',
      invalid: 'Method is not a valid HTTP token.',
      noCors: 'Method must be GET, POST or HEAD in no-cors mode.',
    },
    // CrossOriginAccessControl.cpp validatePreflightResponse: status first (a 3xx included).
    preflightOrder: ['status', 'access', 'methods', 'headers', 'method', 'header'],
    fetchError: 'Load failed',
    // WebKitGTK 2.50: Local Network Access is an unstable feature, off.
    localNetworkAccess: false,
  },
})

export const DEFAULT_MAX_AGE = 5
