/**
 * Header lines as you give them: a list keeps duplicate lines (two `Access-Control-Allow-Origin`
 * lines), a record cannot.
 *
 * @example
 * const lines: HeaderLines = [['access-control-allow-origin', '*'], ['access-control-allow-origin', '*']]
 * const record: HeaderLines = { 'access-control-allow-origin': '*' }
 */
export type HeaderLines = Array<[string, string]> | Record<string, string>
/** Header lines as a list of `[name, value]`, in order, repeated names kept. */
export type HeaderList = Array<[string, string]>

export type BrowserName = 'chromium' | 'firefox' | 'webkit'

/**
 * The browsers the engine models, each with its own departures from the Fetch Standard and its own console text.
 *
 * @example
 * for (const browser of browsers) console.log(browser, simulate(exchange, { browser }).outcome)
 */
export const browsers: readonly BrowserName[] = ['chromium', 'firefox', 'webkit']

export type CredentialsMode = 'omit' | 'same-origin' | 'include'
export type RequestMode = 'cors' | 'no-cors' | 'same-origin'
export type RedirectMode = 'follow' | 'error' | 'manual'

/** The IP address spaces of Local Network Access, the most public first. */
export type AddressSpace = 'public' | 'local' | 'loopback'
/**
 * Every address space, the most public first.
 *
 * @example
 * addressSpaces.indexOf('loopback') > addressSpaces.indexOf('public') // true: loopback is more private
 */
export const addressSpaces: readonly AddressSpace[] = ['public', 'local', 'loopback']

/** The user's answer to the browser's Local Network Access prompt; `prompt`: none (yet). */
export type LocalNetworkAccess = 'granted' | 'denied' | 'prompt'

/** What sends the request: fetch(), or XMLHttpRequest (and the clients built on it, such as axios). */
export type Initiator = 'fetch' | 'xhr'

/**
 * What a page passes to fetch(), or to XMLHttpRequest (`initiator: 'xhr'`), as the engine takes it.
 *
 * @example
 * const request: PageRequest = { url: 'http://localhost:4010/api/items/1', origin: 'http://localhost:5173', method: 'PUT', credentials: 'include' }
 */
export interface PageRequest {
  /** Absolute URL of the request. */
  url: string
  /** The page's serialized origin (`http://localhost:5173`), or `'null'` for an opaque origin. */
  origin: string
  /** As the page passed it; normalized as fetch() does (`put` becomes `PUT`). Default `GET`. */
  method?: string
  headers?: HeaderLines
  credentials?: CredentialsMode
  mode?: RequestMode
  redirect?: RedirectMode
  /**
   * `fetch` (default) or `xhr`. An XMLHttpRequest is always mode `cors` and follows redirects; its
   * credentials are `include` (withCredentials) or `same-origin`.
   */
  initiator?: Initiator
  /**
   * XHR only: the page put listeners on `xhr.upload` and sends a body (XHR sends none for GET and
   * HEAD). The XHR standard then forces a preflight; each browser's rule is in its profile.
   */
  uploadListeners?: boolean
  /**
   * The page's IP address space, for the Local Network Access check (Chrome 142+): `public` for a
   * page from the internet. Absent: no check.
   */
  addressSpace?: AddressSpace
  /**
   * fetch()'s `targetAddressSpace` option, as the page passed it (`'local'`, `'loopback'`; Chromium
   * reads `'private'` as `'local'` and `'unknown'` as none, and refuses any other value).
   */
  targetAddressSpace?: string
}

/** A server's answer: status and header lines, as sent. */
export interface Answer {
  status: number
  headers?: HeaderLines
  /**
   * The IP address space of the address the browser connected to, where the URL's host does not
   * say it (a name that resolves to 192.168.1.20) or to stand in for Chromium's
   * `--ip-address-space-overrides`. Default: what the host says (an IP literal, `localhost`,
   * `*.local`), else `public`.
   */
  addressSpace?: AddressSpace
}

/** One URL of a redirect chain: the preflight answer (if the browser sends one) and the response. */
export interface Hop {
  preflight?: Answer | null
  response: Answer
}

export interface Exchange {
  request: PageRequest
  /** The server's answer to the OPTIONS preflight; absent or null where one is sent: a network error. */
  preflight?: Answer | null
  response?: Answer
  /** For redirects: one entry per URL in order, instead of preflight/response. 3xx entries carry `location`. */
  chain?: Hop[]
}

export type ReasonId =
  | 'missing-allow-origin'
  | 'allow-origin-mismatch'
  | 'invalid-allow-origin'
  | 'multiple-allow-origin'
  | 'wildcard-origin-with-credentials'
  | 'invalid-allow-credentials'
  | 'preflight-invalid-status'
  | 'preflight-redirect'
  | 'preflight-network-error'
  | 'invalid-allow-methods'
  | 'invalid-allow-headers'
  | 'method-not-allowed'
  | 'header-not-allowed'
  | 'cors-disabled-scheme'
  | 'disallowed-by-mode'
  | 'redirect-contains-credentials'
  | 'redirect-disallowed-scheme'
  | 'network-error'
  | 'local-network-access-denied'
  | 'local-network-target-mismatch'
  | 'local-network-insecure-context'
  | 'forbidden-method'
  | 'invalid-method'
  | 'invalid-header'
  | 'bad-port'

/**
 * Every reason id a blocked verdict can carry.
 *
 * @example
 * reasonIds.includes('header-not-allowed') // true
 */
export const reasonIds: readonly ReasonId[] = [
  'missing-allow-origin',
  'allow-origin-mismatch',
  'invalid-allow-origin',
  'multiple-allow-origin',
  'wildcard-origin-with-credentials',
  'invalid-allow-credentials',
  'preflight-invalid-status',
  'preflight-redirect',
  'preflight-network-error',
  'invalid-allow-methods',
  'invalid-allow-headers',
  'method-not-allowed',
  'header-not-allowed',
  'cors-disabled-scheme',
  'disallowed-by-mode',
  'redirect-contains-credentials',
  'redirect-disallowed-scheme',
  'network-error',
  'local-network-access-denied',
  'local-network-target-mismatch',
  'local-network-insecure-context',
  'forbidden-method',
  'invalid-method',
  'invalid-header',
  'bad-port',
]

export type Outcome = 'allowed' | 'blocked' | 'opaque'
export type Stage = 'request' | 'preflight' | 'response' | 'redirect'

/** The OPTIONS request a browser sends: its CORS headers, lower-cased names, in the order sent. */
export interface PreflightRequest {
  method: 'OPTIONS'
  url: string
  headers: HeaderList
}

/** One check the browser ran, in order, with the Fetch Standard step it implements. */
export interface Check {
  /** e.g. `cors-check`, `preflight-status`, `preflight-methods` */
  name: string
  /** The hop (URL index in the chain) the check ran on. */
  hop: number
  passed: boolean
  /** Fetch Standard section and step, e.g. `CORS check, step 2`. */
  step: string
}

export interface Verdict {
  outcome: Outcome
  stage?: Stage
  reason?: ReasonId
  /** The first preflight the browser sent, or null when it sent none. */
  preflight: PreflightRequest | null
  /** How many preflights were sent across the chain. */
  preflights: number
  /** The headers of the request the browser sent (forbidden names dropped, `Origin` added). */
  requestHeaders: HeaderList
  /** Final URL (after redirects). */
  url: string
  redirected: boolean
  /** When allowed: the status the page sees (0 when opaque). */
  status?: number
  /** When allowed: lower-cased names of the response headers the page can read. */
  exposedHeaders?: string[]
  /** The chosen browser's console text for a blocked request. */
  message?: string
  /** When blocked: what the failing check looked at (the refused header or method, the offending value). */
  detail?: {
    header?: string
    method?: string
    value?: string
    status?: number
    location?: string
    /** Local Network Access: the server's address space, and fetch()'s `targetAddressSpace`. */
    addressSpace?: AddressSpace
    targetAddressSpace?: string
    /** The `Origin` the failing request carried, when not the page's: `null` after a redirect to another origin. */
    origin?: string
  }
  /**
   * The page's promise never settles: the browser holds the request while its Local Network Access
   * prompt waits for the user, which under automation is forever (Firefox); or an XHR redirected to
   * a bad port fires no event at all (Firefox). `outcome` is `blocked`, and there is no `error`.
   */
  pending?: true
  /**
   * What the page's code gets, when blocked: fetch()'s TypeError message (browser-specific text);
   * for XHR `XMLHttpRequest: error event, status 0`; for a request refused before anything is sent,
   * the exception (fetch(): the TypeError's message; XHR: `SecurityError: ...`, `SyntaxError: ...`).
   */
  error?: string
  /** Every check run, in order; a verdict is allowed only when all passed. */
  checks: Check[]
  browser: BrowserName
  /** What sent the request: `fetch` or `xhr`. */
  initiator: Initiator
}

/** What the browser is about to send, asking for the server's answer. */
export interface AnswerRequest {
  kind: 'preflight' | 'response'
  /** Index of the URL in the redirect chain. */
  hop: number
  url: string
  method: string
  /** The headers the browser sends (lower-case names, `Origin` included). */
  headers: HeaderList
}

/**
 * Supplies the server's answers instead of `preflight`/`response`/`chain`: for a tool that sends the
 * browser's requests for real. Return null for a preflight that gets no answer (a network error).
 */
export type AnswerResolver = (request: AnswerRequest) => Answer | null

export interface SimulateOptions {
  browser?: BrowserName
  /** Shared across calls to model `Access-Control-Max-Age`; see `createPreflightCache`. */
  preflightCache?: import('./preflight-cache.ts').PreflightCache
  /** Clock in milliseconds for the preflight cache. Default `Date.now()`. */
  now?: number
  /** Answers from elsewhere (a real server); replaces the exchange's preflight/response/chain. */
  resolve?: AnswerResolver
  /**
   * The user's answer to the Local Network Access prompt, for a request with `addressSpace`.
   * Default `prompt`: none, which Chromium under automation takes as denied and Firefox waits on.
   */
  localNetworkAccess?: LocalNetworkAccess
}
