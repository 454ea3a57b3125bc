import { corsUnsafeRequestHeaderNames } from '../engine/index.ts'
import type { CorsOptions, Fault, Scenario } from '../scenarios/index.ts'
import { needOf } from './need.ts'
import type { CorsPolicy, Need, TrapId } from './types.ts'

const list = (value: string | string[]) => (Array.isArray(value) ? value : value.split(',').map((v) => v.trim()).filter(Boolean))

/**
 * The scenario's CORS configuration as a policy any stack can write (a scenario is an
 * @fastify/cors option set: unset options take that plugin's defaults). Null: no CORS layer at all.
 */
export function scenarioPolicy(scenario: Scenario): CorsPolicy | null {
  const cors: CorsOptions | undefined = scenario.policy.cors
  if (cors === undefined || cors.origin === false) return null
  const { origin } = cors
  return {
    // Origin patterns have no place in a fix (which lists exact origins): only the exact ones are kept; see originPatterns.
    origins: origin === true ? 'any' : origin === undefined || origin === '*' ? '*' : typeof origin === 'string' ? list(origin) : [origin].flat().filter((o): o is string => typeof o === 'string'),
    credentials: cors.credentials ?? false,
    methods: cors.methods === undefined ? ['GET', 'HEAD', 'POST'] : cors.methods === '*' ? '*' : list(cors.methods),
    allowHeaders: cors.allowedHeaders === undefined ? null : cors.allowedHeaders === '*' ? '*' : list(cors.allowedHeaders),
    exposeHeaders: cors.exposedHeaders === undefined ? [] : cors.exposedHeaders === '*' ? '*' : list(cors.exposedHeaders),
    ...(cors.maxAge === undefined ? {} : { maxAge: cors.maxAge }),
    answersPreflight: cors.preflight !== false,
  }
}

/** The regular expressions among the scenario's allowed origins (their source), which no stack fix writes. */
export function originPatterns(scenario: Scenario): string[] {
  const origin = scenario.policy.cors?.origin
  return [origin ?? []].flat().flatMap((o) => (typeof o === 'object' && o !== null ? [o.regex] : []))
}

const matches = (names: string[] | undefined, prefix: string) => (names ?? []).some((n) => n.toLowerCase().startsWith(prefix))
const touches = (fault: Fault, name: string) =>
  Object.keys(fault.set ?? {}).some((n) => n.toLowerCase() === name) || Object.keys(fault.add ?? {}).some((n) => n.toLowerCase() === name)

/** Which of a stack's traps a fault of the scenario is, where it is one. */
export function faultTrap(fault: Fault): TrapId | null {
  const { when = {}, status } = fault
  const statuses = [when.status ?? []].flat().map(String)
  if (when.preflight === true && status !== undefined) {
    if (status >= 300 && status < 400) return 'preflight-redirect'
    if (status === 401 || status === 403) return 'order'
    return 'preflight-unanswered'
  }
  if (statuses.some((s) => s.startsWith('4') || s.startsWith('5')) && matches(fault.remove, 'access-control-')) return 'errors'
  if (Object.keys(fault.add ?? {}).some((n) => n.toLowerCase() === 'access-control-allow-origin')) return 'duplicate-headers'
  if (matches(fault.remove, 'vary')) return 'cache'
  if (touches(fault, 'access-control-allow-origin') || touches(fault, 'access-control-allow-credentials')) return 'hand-written'
  if (when.preflight === false && matches(fault.remove, 'access-control-')) return 'preflight-unanswered'
  return null
}

/** What the scenario's probe needs from a server, for a page on the probe's origin. */
export function scenarioNeed(scenario: Scenario, pageOrigin: string): Need {
  const { probe } = scenario
  return needOf({
    origins: [pageOrigin],
    method: probe.method,
    requestHeaders: corsUnsafeRequestHeaderNames(Object.entries(probe.headers ?? {})),
    credentials: probe.credentials === 'include',
    exposeHeaders: probe.readHeaders ?? [],
  })
}
