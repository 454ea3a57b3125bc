/** Header lines in order; a name may repeat (each pair goes out as its own line). */
export type Lines = Array<[string, string]>

/** Where a hop is served: PAGE http://127.0.0.1:<p1>, API http://localhost:<p2>, OTHER http://localhost:<p3>. */
export type HopOrigin = 'api' | 'other' | 'page'

export interface Answer {
  status: number
  headers: Lines
}

export interface Hop {
  /** The origin that serves this hop (default 'api'; hop 0 is on 'page' when request.target is 'page'). */
  on?: HopOrigin
  /**
   * Serve this hop on http://localhost:<port> instead (a port fetch() may refuse, such as 6000):
   * the replay server listens there too when it can, so a request that does go out is recorded.
   */
  port?: number
  /**
   * The answer to a CORS preflight (OPTIONS carrying Access-Control-Request-Method) for this hop.
   * 'close' destroys the socket without answering (a network error). When absent, a preflight
   * gets `response`, as from a server that does not treat OPTIONS specially.
   */
  preflight?: Answer | 'close'
  response: Answer
}

/** What the page calls: fetch(), or XMLHttpRequest (open, setRequestHeader, send). */
export type Initiator = 'fetch' | 'xhr'

export interface CaseRequest {
  /** Default 'fetch'. An XHR case maps credentials 'include' to withCredentials = true. */
  initiator?: Initiator
  method?: string
  headers?: Lines
  credentials?: 'omit' | 'same-origin' | 'include'
  mode?: 'cors' | 'no-cors' | 'same-origin'
  redirect?: 'follow' | 'error' | 'manual'
  /** 'page' = same-origin request to the page server (hop 0 is served by PAGE). Default 'api'. */
  target?: 'api' | 'page'
  /** Fetch the same URL this many times in a row (default 1), e.g. to see preflight caching. */
  repeat?: number
  /**
   * A request body (fetch's init.body, XHR's send() argument); neither sends one for GET or HEAD.
   * An XHR case with an upload listener sends 'x' unless this says otherwise (null: no body).
   */
  body?: string | null
  /**
   * XHR only: a listener on `xhr.upload` (onprogress), set before send(). The XHR standard sets the
   * use-CORS-preflight flag for it; what each browser does is what the recording shows.
   */
  uploadListener?: boolean
}

/**
 * A recorded-browser scenario. Header values may hold placeholders, replaced when served:
 * `{origin}` page origin, `{api}` API origin, `{other}` OTHER origin, `{next}` absolute URL of the
 * next hop, `{next-path}` its path only, `{next-host}` its host:port, `{id}` the case's run id.
 */
export interface GroundTruthCase {
  /** Reads like a spec rule: 'preflight: Access-Control-Allow-Headers lacks x-custom'. */
  name: string
  request: CaseRequest
  hops: Hop[]
  /** Response header names the page tries to read with `response.headers.get`. */
  readHeaders?: string[]
  /** The outcome the Fetch Standard gives; record.ts lists the browsers that do otherwise. */
  spec?: Outcome
}

export interface RecordedRequest {
  hop: number
  method: string
  headers: Record<string, string>
}

export type Outcome = 'allowed' | 'blocked' | 'opaque' | 'threw'

export interface FetchResult {
  outcome: Outcome
  status?: number
  type?: string
  readable?: Record<string, string | null>
  headerNames?: string[]
  error?: string
}

/** Where a case ran: the replay server's origins and the case's id, which every URL it used contains. */
export interface RunAddresses {
  page: string
  api: string
  other: string
  id: string
}

export interface Observation extends FetchResult {
  /** Where it ran, so the engine can be asked the same question later without the replay server. */
  run?: RunAddresses
  /** Console lines (errors and warnings) the browser printed for this case, or null where it gives none. */
  console: string[] | null
  /** Every request that reached the replay server for this case, preflights included, in arrival order. */
  requests: RecordedRequest[]
  /** With request.repeat > 1: each fetch's own result, in order (the top-level fields are the last one's). */
  repeats?: FetchResult[]
}

/** The origin that serves hop `hop` of `c`. */
export function hopOrigin(c: GroundTruthCase, hop: number): HopOrigin {
  const on = c.hops[hop]?.on
  if (on) return on
  return hop === 0 && c.request.target === 'page' ? 'page' : 'api'
}

/** The URL of hop `hop` of `c` as run at `run`: the replay server serves `/c/<id>/<hop>` on each origin. */
export function hopUrl(run: RunAddresses, c: GroundTruthCase, hop: number): string {
  return `${hopBase(run, c, hop)}/c/${run.id}/${hop}`
}

/** The origin of hop `hop` of `c` as run at `run`. */
export function hopBase(run: Omit<RunAddresses, 'id'>, c: GroundTruthCase, hop: number): string {
  const port = c.hops[hop]?.port
  return port === undefined ? run[hopOrigin(c, hop)] : `http://localhost:${port}`
}
