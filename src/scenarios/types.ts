import type { BrowserName, CredentialsMode, HeaderList, HeaderLines, Outcome, ReasonId, Stage } from '../engine/index.ts'
import type { FindingId, Severity } from './security.ts'

/** A regular expression the request's Origin is tested against (@fastify/cors takes a RegExp; a scenario is data). */
export interface OriginPattern {
  /** JavaScript regular-expression source, tested as the plugin does: `new RegExp(regex).test(origin)`. */
  regex: string
}

/**
 * The @fastify/cors options a scenario may set. Same names, same defaults, same meaning as the plugin
 * (origin functions and regular expressions are left out: a scenario is data).
 */
export interface CorsOptions {
  /**
   * `true` reflects the request's Origin, `false` disables CORS, a string is sent as is, a pattern or
   * a list (of origins and patterns) reflects the origins it matches.
   */
  origin?: boolean | string | OriginPattern | Array<string | OriginPattern>
  credentials?: boolean
  /** Default `GET,HEAD,POST`. */
  methods?: string | string[]
  /** Unset: the preflight reflects `Access-Control-Request-Headers`. */
  allowedHeaders?: string | string[]
  exposedHeaders?: string | string[]
  maxAge?: number
  /** Default true: the plugin answers preflights itself. */
  preflight?: boolean
  /** Default true: an OPTIONS without Origin or Access-Control-Request-Method gets 400. */
  strictPreflight?: boolean
  /** Default 204. */
  optionsSuccessStatus?: number
}

/** A status selector: a number, or a class such as `4xx`. */
export type StatusPattern = number | `${1 | 2 | 3 | 4 | 5}xx`

/** Which answers a fault applies to. Every condition given must hold; none given: every answer. */
export interface FaultWhen {
  /** The request is (true) or is not (false) a CORS preflight: OPTIONS with Origin and Access-Control-Request-Method. */
  preflight?: boolean
  /** The status of the answer so far (after the CORS layer and the route, before this fault). */
  status?: StatusPattern | StatusPattern[]
  /** The request path under the scenario, without the query: exact, or a prefix when it ends in `*`. */
  path?: string
  method?: string | string[]
}

/**
 * A raw change to the answer, for what the middleware cannot express. Actions run in this order:
 * status, remove, set, add, delay. Values may hold placeholders: `{origin}`, `{path}`, `{scenario}`,
 * `{altOrigin}` (see `answer`).
 */
export interface Fault {
  when?: FaultWhen
  /** Replace the status (a redirect is `status: 301` plus `set: { location: ... }`). */
  status?: number
  /** Header names to remove; a trailing `*` matches a prefix (`access-control-*`). */
  remove?: string[]
  /** Replace every line of the header with one line (or several, given a list). */
  set?: Record<string, string | string[]>
  /** Append lines, keeping the ones there: a second `Access-Control-Allow-Origin`, say. */
  add?: Record<string, string | string[]>
  /** Wait this many milliseconds before answering. */
  delay?: number
}

export interface Policy {
  /** The @fastify/cors option set; absent: the server has no CORS layer at all. */
  cors?: CorsOptions
  faults?: Fault[]
}

/** What a page does to show the scenario, from an origin other than the server's. */
export interface Probe {
  method: string
  /** Under the server's root, with an optional query. */
  path: string
  headers?: Record<string, string>
  /** Default `same-origin`, as in fetch(). */
  credentials?: CredentialsMode
  /** Response headers the page tries to read. */
  readHeaders?: string[]
  /** How many times the page sends the probe (default 1), to show the preflight cache. */
  repeat?: number
}

export interface Expectation {
  outcome: Outcome
  stage?: Stage
  reason?: ReasonId
  /** Whether the browser sends a preflight for the probe. */
  preflight: boolean
  /** How many preflights the browser sends across the probe's repeats. */
  preflights?: number
  /** Of the probe's readHeaders, those the page cannot read. */
  hiddenHeaders?: string[]
}

/** Why a scenario's policy is unsafe in production: what `corslab audit` reports for it. */
export interface SecurityNote {
  /** The worst finding the audit reports (trusting https://app.example.com). */
  finding: FindingId
  severity: Severity
  /** What an attacker gets, and where the policy is still right (a mock on a developer's machine). */
  note: string
}

export interface Scenario {
  name: string
  title: string
  /** The real-world mistake it reproduces, and where it comes from. */
  summary: string
  /** How a server fixes it: the header to add or change. */
  fix?: string
  /** Set when the policy lets an attacker's page read what it should not, or says why it does not. */
  security?: SecurityNote
  policy: Policy
  probe: Probe
  expect: Record<BrowserName, Expectation>
}

/** A request as the server received it. */
export interface ScenarioRequest {
  method: string
  /** Path and query under the scenario (a `/@NAME` prefix already removed). */
  path: string
  /** As received; repeated lines kept when given as a list. Names are matched case-insensitively. */
  headers: HeaderLines
}

/** What the route (mock routes or the upstream) answered, before CORS. */
export interface RouteAnswer {
  status: number
  headers?: HeaderLines
  body?: string | Uint8Array
  delayMs?: number
}

export interface ScenarioAnswer {
  status: number
  /** Header lines in the order to send; a name may repeat. */
  headers: HeaderList
  body?: string | Uint8Array
  /** Wait before answering (the route's delay plus the faults'). */
  delayMs?: number
  /** The request is a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method). */
  preflight: boolean
  /**
   * `cors`: the CORS layer answered (a preflight reply, or the strict-preflight 400) and the route
   * never ran; `route`: the route's answer was used (a stand-in when none was given).
   */
  from: 'cors' | 'route'
}
