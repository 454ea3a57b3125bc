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
   * The answer to a CORS preflight (OPTIONS carrying Access-Control-Request-Method) for this hop.
   * 'close' destroys the socket without answering (a network error). When absent, a preflight
   * gets `response`, as from a server that does not treat OPTIONS specially.
   */
  preflight?: Answer | 'close'
  response: Answer
}

export interface CaseRequest {
  method?: string
  headers?: Lines
  credentials?: 'omit' | 'same-origin' | 'include'
  mode?: 'cors' | 'no-cors' | 'same-origin'
  redirect?: 'follow' | 'error' | 'manual'
  /** 'page' = same-origin request to the page server (hop 0 is served by PAGE). Default 'api'. */
  target?: 'api' | 'page'
  /** Fetch the same URL this many times in a row (default 1), e.g. to see preflight caching. */
  repeat?: number
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

export interface Observation extends FetchResult {
  /** Console lines (errors and warnings) the browser printed for this case, or null where it gives none. */
  console: string[] | null
  /** Every request that reached the replay server for this case, preflights included, in arrival order. */
  requests: RecordedRequest[]
  /** With request.repeat > 1: each fetch's own result, in order (the top-level fields are the last one's). */
  repeats?: FetchResult[]
}
