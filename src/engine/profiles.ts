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
  /** The order a preflight answer is checked in. */
  preflightOrder: ReadonlyArray<'redirect' | 'status' | 'access' | 'methods' | 'headers' | 'method' | 'header'>
  /** The TypeError message fetch() rejects with on a network error. */
  fetchError: string
}

// Fetch Standard "CORS-preflight fetch" step 7.7 says `*` never covers Authorization; only
// Chromium enforces that. Default max-age is 5 s in all three.
export const profiles: Record<BrowserName, BrowserProfile> = {
  chromium: {
    name: 'chromium',
    maxAgeCap: 7200,
    wildcardCoversAuthorization: false,
    emptyListItemFails: true,
    // preflight_controller.cc: a redirect fails at once; CheckAccess runs before the status check.
    preflightOrder: ['redirect', 'access', 'status', 'methods', 'headers', 'method', 'header'],
    fetchError: 'Failed to fetch',
  },
  firefox: {
    name: 'firefox',
    maxAgeCap: 86400,
    wildcardCoversAuthorization: true,
    emptyListItemFails: false,
    // nsCORSListenerProxy: the preflight channel's own access check runs in OnStartRequest, then
    // the preflight listener checks status, methods, then headers.
    preflightOrder: ['redirect', 'access', 'status', 'methods', 'method', 'headers', 'header'],
    fetchError: 'NetworkError when attempting to fetch resource.',
  },
  webkit: {
    name: 'webkit',
    maxAgeCap: 600,
    wildcardCoversAuthorization: true,
    emptyListItemFails: false,
    // CrossOriginAccessControl.cpp validatePreflightResponse: status first (a 3xx included).
    preflightOrder: ['status', 'access', 'methods', 'headers', 'method', 'header'],
    fetchError: 'Load failed',
  },
}

export const DEFAULT_MAX_AGE = 5
