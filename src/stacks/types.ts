import type { HeaderList } from '../engine/index.ts'

/** What a cross-origin request needs from the server, as `check` found it (or as a caller states it). */
export interface Need {
  /** The page origins to allow: an allow-list, compared byte for byte (never `*`, never a pattern). */
  origins: string[]
  /** The request's method, as the browser sends it (upper-case for the normalized ones). */
  method: string
  /** Request headers that are not CORS-safelisted, lower-case: the preflight asks for these. */
  requestHeaders: string[]
  /** The page sends cookies or HTTP auth (fetch `credentials: 'include'`, XHR `withCredentials`). */
  credentials: boolean
  /** Response headers the page reads beyond the safelisted ones, lower-case. */
  exposeHeaders: string[]
  /** Whether the browser sends a preflight first. */
  preflight: boolean
  /** How long (seconds) a browser may cache the preflight's answer; absent: not sent. */
  maxAge?: number
}

/**
 * A CORS configuration as a stack writes it. The fix is always an allow-list; the other forms
 * exist to show, in `explain --stack`, how a scenario's mistake is written in that stack.
 */
export interface CorsPolicy {
  /** A list of exact origins; `'*'`: the literal wildcard; `'any'`: every origin reflected back. */
  origins: string[] | '*' | 'any'
  credentials: boolean
  /** Methods for `Access-Control-Allow-Methods`; `null`: the library's default list. */
  methods: string[] | '*' | null
  /** Names for `Access-Control-Allow-Headers`; `null`: the library's default (often a reflection). */
  allowHeaders: string[] | '*' | null
  exposeHeaders: string[] | '*'
  maxAge?: number
  /** false: the CORS layer leaves preflights to the routes (fastify-cors `preflight: false`). */
  answersPreflight: boolean
}

/** Where a stack's CORS is commonly broken outside the CORS configuration itself. */
export type TrapId =
  | 'order'
  | 'errors'
  | 'preflight-redirect'
  | 'preflight-unanswered'
  | 'duplicate-headers'
  | 'hand-written'
  | 'cache'
  | 'defaults'

export interface StackFixText {
  snippet: string
  notes: string[]
}

/** Whether the test suite proves the fix in a real app of the stack and real Chromium. */
export type Proof = { proven: true; how: string } | { proven: false; why: string }

export interface Stack {
  /** The id `--stack` takes. */
  id: string
  /** Name and CORS package, as people know them. */
  name: string
  /** Other names `--stack` accepts. */
  aliases: string[]
  proof: Proof
  /** Where the snippet goes, in a sentence. */
  placement: string
  /** The CORS configuration that gives `policy`, as the stack writes it. */
  configure(policy: CorsPolicy): string
  /** What goes wrong in this stack outside the configuration: shown with every fix, and by explain. */
  traps: Partial<Record<TrapId, string>>
}

/** The fix for one request in one stack (or only the headers, when the stack is unknown). */
export interface StackFix {
  /** The stack id, or null when unknown. */
  stack: string | null
  /** The headers the server must send: on the preflight's answer and on the response. */
  headers: { preflight: HeaderList; response: HeaderList }
  /** Code that configures the framework's app, placed after the app is created and before its routes; null without a stack. */
  snippet: string | null
  notes: string[]
}
