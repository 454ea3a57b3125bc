import { readFileSync } from 'node:fs'
import { CorslabError } from '../errors.ts'
import { Checker, formatIssues, join, type Json } from '../scenarios/checker.ts'
import { closest } from '../scenarios/did-you-mean.ts'
import { routeNotFound } from '../scenarios/answer.ts'
import type { RouteAnswer } from '../scenarios/types.ts'
import { parseDataTextWith } from '../scenarios/data-text.ts'
import { matchPath, splitPath } from '../shared/path-pattern.ts'
import type { RouteHandler, RouteRequest } from '../shared/route-handler.ts'
import { nodeYaml } from './node-yaml.ts'

/** One mock route of a `--routes` file. */
export interface RouteDefinition {
  /** A method, a list, or `*` for any (OPTIONS included). Default GET. */
  method?: string | string[]
  /** `/api/users/:id`; a trailing `/*` matches any rest. */
  path: string
  /** Default 200. */
  status?: number
  headers?: Record<string, string | string[]>
  /** A string is sent as text/plain; anything else as JSON. */
  body?: unknown
  /** Milliseconds to wait before answering. */
  delay?: number
}

export const routeFields = ['method', 'path', 'status', 'headers', 'body', 'delay'] as const
export const maxRouteDelayMs = 120_000

// A route's method is one of these (any case) or `*`: a typo such as GTE would otherwise make a
// route that never answers, and the page would get the 404 of a route that is not there.
export const routeMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'QUERY'] as const

function knownMethod(c: Checker, value: unknown, path: string): boolean {
  if (!c.token(value, path, 'method')) return false
  if ((routeMethods as readonly string[]).includes(value.toUpperCase())) return true
  const near = closest(value.toUpperCase(), routeMethods)
  c.add(path, `is ${JSON.stringify(value)}, not an HTTP method a route can answer`, `${near === undefined ? '' : `did you mean ${near}? `}write one of ${routeMethods.join(', ')}, a list of them, or * for any`)
  return false
}

function checkRoute(c: Checker, route: unknown, path: string): void {
  if (!c.object(route, path, 'a mapping with method, path, status, headers, body, delay')) return
  c.keys(route, path, routeFields, ['path'])
  if (route.method !== undefined) c.stringOrList(route.method, join(path, 'method'), (v, p) => v === '*' || knownMethod(c, v, p))
  if (route.path !== undefined && c.string(route.path, join(path, 'path')) && !route.path.startsWith('/')) {
    c.add(join(path, 'path'), `must start with /, got ${JSON.stringify(route.path)}`, 'write a path such as /api/users/:id')
  }
  if (route.status !== undefined) c.integer(route.status, join(path, 'status'), 200, 599)
  if (route.headers !== undefined && c.object(route.headers, join(path, 'headers'), 'a mapping of header names to values')) {
    for (const [name, value] of Object.entries(route.headers)) {
      const at = join(join(path, 'headers'), name)
      c.token(name, at, 'header name')
      c.stringOrList(value, at, (v, p) => c.headerValue(v, p))
    }
  }
  if (route.delay !== undefined) c.integer(route.delay, join(path, 'delay'), 0, maxRouteDelayMs, ' (milliseconds)')
}

/**
 * Checks routes data: a list of routes, or a mapping with a `routes` list. Throws `E_ROUTES_INVALID`
 * naming the file, each field path and how to fix it.
 */
export function validateRoutes(data: unknown, file = 'routes'): RouteDefinition[] {
  const c = new Checker()
  let list: unknown = data
  let base = ''
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    c.keys(data as Json, '', ['routes'], ['routes'])
    list = (data as Json).routes
    base = 'routes'
  }
  if (list !== undefined && c.list(list, base)) list.forEach((route, i) => checkRoute(c, route, `${base}[${i}]`))
  if (c.issues.length > 0) throw new CorslabError('E_ROUTES_INVALID', formatIssues(c.issues, file, 'routes file'))
  return list as RouteDefinition[]
}

export function loadRoutesFile(file: string): RouteDefinition[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new CorslabError('E_ROUTES_INVALID', `cannot read the routes file ${file}: ${(error as Error).message}. Check the path given to --routes.`, { cause: error })
  }
  return validateRoutes(parseDataTextWith(nodeYaml(), text, file, 'E_ROUTES_INVALID'), file)
}

function methodMatches(method: RouteDefinition['method'], requested: string): boolean {
  const methods = method === undefined ? ['GET'] : Array.isArray(method) ? method : [method]
  const wanted = requested === 'HEAD' ? ['HEAD', 'GET'] : [requested]
  return methods.some((m) => m === '*' || wanted.includes(m.toUpperCase()))
}

function toAnswer(route: RouteDefinition): RouteAnswer {
  const headers: Array<[string, string]> = []
  for (const [name, value] of Object.entries(route.headers ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) headers.push([name, v])
  }
  const hasType = headers.some(([n]) => n.toLowerCase() === 'content-type')
  const answer: RouteAnswer = { status: route.status ?? 200, headers }
  if (typeof route.body === 'string') {
    if (!hasType) headers.push(['Content-Type', 'text/plain; charset=utf-8'])
    answer.body = route.body
  } else if (route.body !== undefined) {
    if (!hasType) headers.push(['Content-Type', 'application/json; charset=utf-8'])
    answer.body = JSON.stringify(route.body)
  }
  if (route.delay !== undefined && route.delay > 0) answer.delayMs = route.delay
  return answer
}

/** The routes of a routes file: the first route whose method and path match answers; else a 404. */
export function createRoutesHandler(routes: readonly RouteDefinition[]): RouteHandler {
  return {
    handle(request: RouteRequest) {
      const { pathname } = splitPath(request.path)
      const route = routes.find((r) => methodMatches(r.method, request.method) && matchPath(r.path, pathname) !== null)
      return route === undefined ? routeNotFound(request.method, pathname) : toAnswer(route)
    },
    describe: () => routes.map((r) => `${[r.method ?? 'GET'].flat().join(',').padEnd(6)} ${r.path}`),
  }
}
