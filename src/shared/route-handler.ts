import type { HeaderList } from '../engine/types.ts'
import type { RouteAnswer } from '../scenarios/types.ts'

/** A request as the mock routes see it (the scenario prefix removed). */
export interface RouteRequest {
  method: string
  /** Path and query. */
  path: string
  headers: HeaderList
  body?: Uint8Array
}

/** What answers requests behind the scenario: the default API, a routes file, or an upstream. */
export interface RouteHandler {
  handle(request: RouteRequest): RouteAnswer | Promise<RouteAnswer>
  /** One line per route, for the index page and error messages. */
  describe(): string[]
}

export function json(status: number, value: unknown, headers: HeaderList = []): RouteAnswer {
  return { status, headers: [['Content-Type', 'application/json; charset=utf-8'], ...headers], body: JSON.stringify(value) }
}
