import type { CheckReport } from '../check/index.ts'
import { corsUnsafeRequestHeaderNames, type HeaderList } from '../engine/index.ts'
import { isCorsSafelistedMethod } from '../engine/request.ts'
import { safelistedResponseHeaders } from '../engine/fetch-terms.ts'
import type { Need } from './types.ts'

/** How long a preflight answer is cached when the server says nothing (Chromium caps it at 7200). */
export const defaultMaxAge = 600

// Never worth exposing: the framing and the CORS headers themselves.
const notExposed = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date', 'vary', 'set-cookie', 'set-cookie2'])

const names = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter(Boolean)

const header = (headers: HeaderList, name: string) => headers.find(([n]) => n === name)?.[1]

/**
 * What the request in `report` needs from the server. `expose` adds response headers the page
 * reads; the ones the server already exposes are kept (a `*` with credentials exposes nothing,
 * so it becomes the names of the response's headers).
 */
export function needFromReport(report: CheckReport, options: { expose?: string[] } = {}): Need {
  const { request } = report
  const credentials = request.credentials === 'include'
  const response = report.exchanges.filter((e) => e.kind === 'response').at(-1)
  const preflight = report.exchanges.find((e) => e.kind === 'preflight')
  const exposed = new Set(names(response ? header(response.headers, 'access-control-expose-headers') : undefined))
  if (exposed.delete('*') && response) {
    for (const [name] of response.headers) if (!name.startsWith('access-control-') && !notExposed.has(name)) exposed.add(name)
  }
  for (const name of options.expose ?? []) exposed.add(name.toLowerCase())
  for (const name of safelistedResponseHeaders) exposed.delete(name)
  const maxAge = Number(preflight ? header(preflight.headers, 'access-control-max-age') : undefined)
  return {
    origins: [request.origin],
    method: request.method,
    requestHeaders: corsUnsafeRequestHeaderNames(request.headers).map((n) => n.toLowerCase()),
    credentials,
    exposeHeaders: [...exposed].sort(),
    preflight: report.preflight.due,
    ...(report.preflight.due ? { maxAge: Number.isInteger(maxAge) && maxAge > 0 ? maxAge : defaultMaxAge } : {}),
  }
}

/** A need from its parts, for callers that know the request (audit, explain): missing parts get the defaults. */
export function needOf(parts: Partial<Need> & Pick<Need, 'origins'>): Need {
  const method = (parts.method ?? 'GET').toUpperCase()
  const requestHeaders = (parts.requestHeaders ?? []).map((n) => n.toLowerCase())
  const preflight = parts.preflight ?? (!isCorsSafelistedMethod(method) || requestHeaders.length > 0)
  return {
    origins: parts.origins,
    method,
    requestHeaders,
    credentials: parts.credentials ?? false,
    exposeHeaders: (parts.exposeHeaders ?? []).map((n) => n.toLowerCase()).filter((n) => !safelistedResponseHeaders.has(n)),
    preflight,
    ...(preflight ? { maxAge: parts.maxAge ?? defaultMaxAge } : {}),
  }
}
