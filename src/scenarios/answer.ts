import type { HeaderList } from '../engine/index.ts'
import { addVary, corsLayer, requestHeader } from './cors-layer.ts'
import { altOrigin, applyFault, faultApplies, type PlaceholderValues } from './faults.ts'
import { headerNameMatcher, toHeaderList } from './headers.ts'
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
  for (const [name, value] of toHeaderList(route.headers)) {
    if (isAccessControl(name)) continue
    if (name.toLowerCase() === 'vary') {
      for (const field of value.split(',').map((f) => f.trim()).filter(Boolean)) addVary(headers, field)
      continue
    }
    headers.push([name, value])
  }
  return headers
}

/**
 * The server's answer to one request under a scenario: first what @fastify/cors does with the
 * scenario's option set (it may answer a preflight by itself), else the route's answer with the CORS
 * headers added; then each fault whose `when` matches, in order. Pure: the server and the MSW
 * handlers both call it. Without `routeAnswer`, a stand-in is used (200; an OPTIONS gets a 404);
 * when the result says `from: 'route'`, call again with the route's real answer.
 *
 * Placeholders in fault values: `{origin}` the request's Origin (empty when absent), `{path}` the
 * request path and query, `{scenario}` the scenario's name, `{altOrigin}` this server under its other
 * loopback name (from the Host header).
 */
export function answer(scenario: Scenario, request: ScenarioRequest, routeAnswer?: RouteAnswer): ScenarioAnswer {
  const requestHeaders = toHeaderList(request.headers)
  const method = request.method
  const pathname = request.path.split('?')[0] ?? request.path
  const preflight = isPreflightRequest(method, requestHeaders)
  const layer = corsLayer(scenario.policy.cors, method, requestHeaders)

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

  const values: PlaceholderValues = {
    origin: requestHeader(requestHeaders, 'origin') ?? '',
    path: request.path,
    scenario: scenario.name,
    altOrigin: altOrigin(requestHeader(requestHeaders, 'host')),
  }
  const context = { preflight, method, pathname }
  for (const fault of scenario.policy.faults ?? []) {
    if (faultApplies(fault.when, result.status, context)) delayMs += applyFault(fault, result, values)
  }
  if (delayMs > 0) result.delayMs = delayMs
  return result
}
