import type { HeaderList } from '../engine/index.ts'
import { addVary, corsLayer, requestHeader } from './cors-layer.ts'
import { altOrigin, applyFault, faultApplies, type PlaceholderValues } from './faults.ts'
import { asHeaderList, headerNameMatcher, sameName } from './headers.ts'
import type { RouteAnswer, Scenario, ScenarioAnswer, ScenarioRequest } from './types.ts'

/** A CORS preflight as the Fetch Standard sends it: OPTIONS with Origin and Access-Control-Request-Method. */
export function isPreflightRequest(method: string, headers: HeaderList): boolean {
  return method === 'OPTIONS'
    && requestHeader(headers, 'origin') !== undefined
    && requestHeader(headers, 'access-control-request-method') !== undefined
}

const isAccessControl = headerNameMatcher('access-control-*')

/** The 404 Fastify sends for a route it does not have (what an OPTIONS nobody handles falls through to). */
export function routeNotFound(method: string, pathname: string): RouteAnswer {
  const body = JSON.stringify({ message: `Route ${method}:${pathname} not found`, error: 'Not Found', statusCode: 404 })
  return { status: 404, headers: [['Content-Type', 'application/json; charset=utf-8']], body }
}

// Where no route answer is given.
function standIn(method: string, pathname: string): RouteAnswer {
  return method === 'OPTIONS' ? routeNotFound(method, pathname) : { status: 200 }
}

// The scenario owns CORS: a route's own Access-Control-* lines are dropped, its Vary is merged.
function withRouteHeaders(corsHeaders: HeaderList, route: RouteAnswer): HeaderList {
  const headers: HeaderList = [...corsHeaders]
  for (const [name, value] of asHeaderList(route.headers)) {
    if (isAccessControl(name)) continue
    if (sameName(name, 'vary')) {
      for (const field of value.split(',').map((f) => f.trim()).filter(Boolean)) addVary(headers, field)
      continue
    }
    headers.push([name, value])
  }
  return headers
}

/** The CORS layer's part of an answer, worked out once: the route's answer is added by `complete`. */
export interface PreparedAnswer {
  /** The request is a CORS preflight. */
  preflight: boolean
  /** The CORS layer answers by itself (a preflight reply, or the strict-preflight 400): no route runs. */
  fromCors: boolean
  /** The whole answer: the route's (ignored when `fromCors`; a stand-in when not given), then the faults. */
  complete(routeAnswer?: RouteAnswer): ScenarioAnswer
}

/**
 * The server's answer to one request under a scenario, in two steps, so that a server asks its route
 * only when the CORS layer did not answer already: first what @fastify/cors does with the scenario's
 * option set (it may answer a preflight by itself), then, in `complete`, the route's answer with the
 * CORS headers added, and each fault whose `when` matches, in order.
 */
export function prepareAnswer(scenario: Scenario, request: ScenarioRequest): PreparedAnswer {
  const requestHeaders = asHeaderList(request.headers)
  const method = request.method
  const preflight = isPreflightRequest(method, requestHeaders)
  const layer = corsLayer(scenario.policy.cors, method, requestHeaders)
  const fromCors = layer.reply !== undefined

  const complete = (routeAnswer?: RouteAnswer): ScenarioAnswer => {
    const query = request.path.indexOf('?')
    const pathname = query === -1 ? request.path : request.path.slice(0, query)
    let result: ScenarioAnswer
    let delayMs = 0
    if (layer.reply !== undefined) {
      result = { ...layer.reply, headers: [...layer.reply.headers], preflight, from: 'cors' }
    } else {
      const route = routeAnswer ?? standIn(method, pathname)
      result = { status: route.status, headers: withRouteHeaders(layer.headers, route), preflight, from: 'route' }
      if (route.body !== undefined) result.body = route.body
      delayMs += route.delayMs ?? 0
    }

    const faults = scenario.policy.faults
    if (faults !== undefined && faults.length > 0) {
      const values: PlaceholderValues = {
        origin: requestHeader(requestHeaders, 'origin') ?? '',
        path: request.path,
        scenario: scenario.name,
        altOrigin: altOrigin(requestHeader(requestHeaders, 'host')),
      }
      const context = { preflight, method, pathname }
      for (const fault of faults) {
        if (faultApplies(fault.when, result.status, context)) delayMs += applyFault(fault, result, values)
      }
    }
    if (delayMs > 0) result.delayMs = delayMs
    return result
  }
  return { preflight, fromCors, complete }
}

/**
 * The server's answer to one request under a scenario (`prepareAnswer` and `complete` in one call).
 * Pure: the server and the MSW handlers both use it. Without `routeAnswer`, a stand-in is used (200;
 * an OPTIONS gets a 404); when the result says `from: 'route'`, call again with the route's real answer.
 *
 * Placeholders in fault values: `{origin}` the request's Origin (empty when absent), `{path}` the
 * request path and query, `{scenario}` the scenario's name, `{altOrigin}` this server under its other
 * loopback name (from the Host header).
 *
 * @example
 * const reply = answer(getScenario('allow-all'), { method: 'GET', path: '/api/items', headers: [['origin', 'http://localhost:5173']] }, { status: 200, body: '[]' })
 * reply.headers // [['Vary', 'Origin'], ['Access-Control-Allow-Origin', 'http://localhost:5173'], ['Access-Control-Allow-Credentials', 'true'], ...]
 */
export function answer(scenario: Scenario, request: ScenarioRequest, routeAnswer?: RouteAnswer): ScenarioAnswer {
  return prepareAnswer(scenario, request).complete(routeAnswer)
}
