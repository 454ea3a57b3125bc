import { credentialsModes, forbiddenMethods, isToken } from '../engine/fetch-terms.ts'
import { browsers, reasonIds } from '../engine/types.ts'
import { CorslabError } from '../errors.ts'
import { Checker, describe, formatIssues, join, type Issue, type Json } from './checker.ts'
import { findingIds, severities } from './security.ts'
import type { Scenario } from './types.ts'

/**
 * A hand-written validator that follows `scenarios/scenario.schema.json` rule for rule (a test keeps
 * the field lists equal), and adds the checks a schema cannot state: name = file name, hidden headers
 * among the probe's readHeaders, placeholders that exist.
 */
export type ScenarioIssue = Issue

export const scenarioFields = {
  scenario: ['$schema', 'name', 'title', 'summary', 'fix', 'security', 'policy', 'probe', 'expect'],
  security: ['finding', 'severity', 'note'],
  originPattern: ['regex'],
  policy: ['cors', 'faults'],
  cors: ['origin', 'credentials', 'methods', 'allowedHeaders', 'exposedHeaders', 'maxAge', 'preflight', 'strictPreflight', 'optionsSuccessStatus'],
  fault: ['when', 'status', 'remove', 'set', 'add', 'delay'],
  when: ['preflight', 'status', 'path', 'method'],
  probe: ['method', 'path', 'headers', 'credentials', 'readHeaders', 'repeat'],
  expectation: ['outcome', 'stage', 'reason', 'preflight', 'preflights', 'hiddenHeaders'],
} as const

export const requiredFields = {
  scenario: ['name', 'title', 'summary', 'policy', 'probe', 'expect'],
  probe: ['method', 'path'],
  expectation: ['outcome', 'preflight'],
  security: ['finding', 'severity', 'note'],
  originPattern: ['regex'],
} as const

export const namePattern = /^[a-z0-9][a-z0-9-]*$/
export const outcomes = ['allowed', 'blocked', 'opaque'] as const
export const stages = ['request', 'preflight', 'response', 'redirect'] as const
export const maxDelayMs = 120_000
export const maxRepeat = 10
const faultActions = ['status', 'remove', 'set', 'add', 'delay'] as const
const statusClassPattern = /^[1-5]xx$/

/**
 * A @fastify/cors name list: a list, or one string that is a comma list (sent as it is). `GET POST`
 * would go out as one name that no browser matches, so it is refused rather than served.
 */
function checkNameList(c: Checker, value: unknown, path: string, what: string, list: string, commas: string): void {
  if (typeof value === 'string') {
    const items = value.split(',').map((item) => item.trim())
    if (items.every((item) => isToken(item))) return
    const words = value.split(/[\s,]+/).filter(Boolean)
    const fix = words.length > 1 && words.every((w) => isToken(w)) ? `write a list, [${words.join(', ')}], or '${words.join(', ')}'` : `write a list such as ${list}, or ${commas}`
    c.add(path, `is ${describe(value)}, which is not a comma-separated list of ${what}`, fix)
    return
  }
  c.stringOrList(value, path, (v, p) => c.token(v, p, what === 'methods' ? 'method' : 'header name'))
}

function checkCors(c: Checker, cors: unknown, path: string): void {
  if (!c.object(cors, path, 'a mapping of @fastify/cors options')) return
  c.keys(cors, path, scenarioFields.cors)
  const { origin } = cors
  const at = join(path, 'origin')
  // An origin string, or a pattern { regex }.
  const originItem = (v: unknown, p: string): boolean => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return checkOriginPattern(c, v as Json, p)
    return c.string(v, p, { nonEmpty: true }) && c.headerValue(v, p)
  }
  if (origin !== undefined) {
    if (Array.isArray(origin)) {
      c.stringOrList(origin, at, originItem)
    } else if (typeof origin === 'string' || (typeof origin === 'object' && origin !== null)) {
      originItem(origin, at)
    } else if (typeof origin !== 'boolean') {
      c.add(at, `must be true, false, a string, a pattern or a list of origins, got ${describe(origin)}`, "write true (reflect the request's origin), '*', 'https://app.example.com', { regex: '^https://app\\.example\\.com$' } or a list")
    }
  }
  for (const key of ['credentials', 'preflight', 'strictPreflight'] as const) {
    if (cors[key] !== undefined) c.boolean(cors[key], join(path, key))
  }
  if (cors.methods !== undefined) checkNameList(c, cors.methods, join(path, 'methods'), 'methods', '[GET, POST]', "'GET, POST'")
  for (const key of ['allowedHeaders', 'exposedHeaders'] as const) {
    if (cors[key] !== undefined) checkNameList(c, cors[key], join(path, key), 'header names', '[content-type, x-request-id]', "'content-type, x-request-id'")
  }
  if (cors.maxAge !== undefined) c.integer(cors.maxAge, join(path, 'maxAge'), 0, 31_536_000, ' (seconds)')
  if (cors.optionsSuccessStatus !== undefined) c.integer(cors.optionsSuccessStatus, join(path, 'optionsSuccessStatus'), 200, 599)
}

function checkOriginPattern(c: Checker, pattern: Json, path: string): boolean {
  c.keys(pattern, path, scenarioFields.originPattern, requiredFields.originPattern)
  if (pattern.regex === undefined || !c.string(pattern.regex, join(path, 'regex'), { nonEmpty: true })) return false
  try {
    new RegExp(pattern.regex)
  } catch (error) {
    c.add(join(path, 'regex'), `is not a regular expression: ${(error as Error).message}`, 'write JavaScript regular-expression source, without the slashes')
    return false
  }
  return true
}

function checkSecurity(c: Checker, security: unknown): void {
  if (!c.object(security, 'security', 'a mapping with finding, severity and note')) return
  c.keys(security, 'security', scenarioFields.security, requiredFields.security)
  if (security.finding !== undefined) c.oneOf(security.finding, 'security.finding', findingIds)
  if (security.severity !== undefined) c.oneOf(security.severity, 'security.severity', severities)
  if (security.note !== undefined) c.string(security.note, 'security.note', { nonEmpty: true })
}

function checkStatusPattern(c: Checker, value: unknown, path: string): void {
  if (typeof value === 'string' && statusClassPattern.test(value)) return
  if (Number.isInteger(value) && (value as number) >= 100 && (value as number) <= 599) return
  c.add(path, `must be a status (100-599) or a class such as 4xx, got ${describe(value)}`, 'write 404, or 4xx, or a list such as [4xx, 5xx]')
}

function checkHeaderMap(c: Checker, value: unknown, path: string): void {
  if (!c.object(value, path, 'a mapping of header names to values')) return
  for (const [name, v] of Object.entries(value)) {
    c.token(name, join(path, name), 'header name')
    c.stringOrList(v, join(path, name), (item, p) => c.headerValue(item, p, { placeholders: true }))
  }
}

function checkFault(c: Checker, fault: unknown, path: string): void {
  if (!c.object(fault, path, 'a mapping (a fault)')) return
  c.keys(fault, path, scenarioFields.fault)
  if (!faultActions.some((a) => fault[a] !== undefined)) {
    c.add(path, 'does nothing: it has no action', `give it at least one of ${faultActions.join(', ')}`)
  }
  if (fault.when !== undefined && c.object(fault.when, join(path, 'when'), 'a mapping of conditions')) {
    const when = fault.when
    const at = join(path, 'when')
    c.keys(when, at, scenarioFields.when)
    if (when.preflight !== undefined) c.boolean(when.preflight, join(at, 'preflight'))
    if (when.status !== undefined) {
      if (Array.isArray(when.status)) c.stringOrList(when.status, join(at, 'status'), (v, p) => (checkStatusPattern(c, v, p), true))
      else checkStatusPattern(c, when.status, join(at, 'status'))
    }
    if (when.path !== undefined && c.string(when.path, join(at, 'path')) && !when.path.startsWith('/')) {
      c.add(join(at, 'path'), `must start with /, got ${describe(when.path)}`, 'write a path such as /api/items or /api/*')
    }
    if (when.method !== undefined) c.stringOrList(when.method, join(at, 'method'), (v, p) => c.token(v, p, 'method'))
  }
  if (fault.status !== undefined) c.integer(fault.status, join(path, 'status'), 200, 599)
  if (fault.remove !== undefined && c.list(fault.remove, join(path, 'remove'))) {
    fault.remove.forEach((v, i) => c.token(v, join(join(path, 'remove'), i), 'header name', { wildcardSuffix: true }))
  }
  if (fault.set !== undefined) checkHeaderMap(c, fault.set, join(path, 'set'))
  if (fault.add !== undefined) checkHeaderMap(c, fault.add, join(path, 'add'))
  if (fault.delay !== undefined) c.integer(fault.delay, join(path, 'delay'), 0, maxDelayMs, ' (milliseconds)')
}

function checkProbe(c: Checker, probe: unknown): void {
  if (!c.object(probe, 'probe', 'a mapping (the request a page makes)')) return
  c.keys(probe, 'probe', scenarioFields.probe, requiredFields.probe)
  if (probe.method !== undefined && c.token(probe.method, 'probe.method', 'method')
    && forbiddenMethods.has(probe.method.toUpperCase())) {
    c.add('probe.method', `is ${probe.method}, which fetch() refuses to send`, 'use GET, POST, PUT, PATCH, DELETE or another method')
  }
  if (probe.path !== undefined && c.string(probe.path, 'probe.path') && !probe.path.startsWith('/')) {
    c.add('probe.path', `must start with /, got ${describe(probe.path)}`, 'write a path under the server root, such as /api/items')
  }
  if (probe.headers !== undefined && c.object(probe.headers, 'probe.headers', 'a mapping of header names to values')) {
    for (const [name, value] of Object.entries(probe.headers)) {
      c.token(name, `probe.headers.${name}`, 'header name')
      c.headerValue(value, `probe.headers.${name}`)
    }
  }
  if (probe.credentials !== undefined) c.oneOf(probe.credentials, 'probe.credentials', credentialsModes)
  if (probe.readHeaders !== undefined && c.list(probe.readHeaders, 'probe.readHeaders')) {
    probe.readHeaders.forEach((v, i) => c.token(v, `probe.readHeaders[${i}]`, 'header name'))
  }
  if (probe.repeat !== undefined) c.integer(probe.repeat, 'probe.repeat', 1, maxRepeat)
}

function checkExpectation(c: Checker, value: unknown, path: string, readHeaders: unknown): void {
  if (!c.object(value, path, 'a mapping (the verdict for this browser)')) return
  c.keys(value, path, scenarioFields.expectation, requiredFields.expectation)
  if (value.outcome !== undefined) c.oneOf(value.outcome, join(path, 'outcome'), outcomes)
  if (value.stage !== undefined) c.oneOf(value.stage, join(path, 'stage'), stages)
  if (value.reason !== undefined) c.oneOf(value.reason, join(path, 'reason'), reasonIds)
  if (value.outcome === 'blocked') {
    for (const key of ['stage', 'reason'] as const) {
      if (value[key] === undefined) c.add(join(path, key), 'is required when the outcome is blocked', `add \`${key}:\` saying where and why the browser blocks`)
    }
  } else if (value.outcome !== undefined) {
    for (const key of ['stage', 'reason'] as const) {
      if (value[key] !== undefined) c.add(join(path, key), `is only for a blocked outcome, not ${describe(value.outcome)}`, `remove \`${key}\``)
    }
  }
  if (value.preflight !== undefined) c.boolean(value.preflight, join(path, 'preflight'))
  if (value.preflights !== undefined) c.integer(value.preflights, join(path, 'preflights'), 0, maxRepeat)
  if (value.hiddenHeaders !== undefined && c.list(value.hiddenHeaders, join(path, 'hiddenHeaders'))) {
    const readable = Array.isArray(readHeaders) ? readHeaders.map((h) => String(h).toLowerCase()) : []
    value.hiddenHeaders.forEach((h, i) => {
      const at = `${join(path, 'hiddenHeaders')}[${i}]`
      if (c.token(h, at, 'header name') && !readable.includes(h.toLowerCase())) {
        c.add(at, `names ${h}, which the probe does not read`, `add ${h} to probe.readHeaders, or remove it here`)
      }
    })
  }
}

/**
 * Every problem with a scenario document (parsed YAML or JSON), in file order; empty when it is valid.
 *
 * @example
 * scenarioIssues({ name: 'x' }, 'x.yaml')[0] // { path: 'title', message: 'is required but missing', fix: 'add `title:` at the top level' }
 */
export function scenarioIssues(data: unknown, fileName?: string): ScenarioIssue[] {
  const c = new Checker()
  if (!c.object(data, '', 'a mapping with name, title, summary, policy, probe and expect')) return c.issues
  c.keys(data, '', scenarioFields.scenario, requiredFields.scenario)
  if (data.name !== undefined && c.string(data.name, 'name')) {
    if (!namePattern.test(data.name)) {
      c.add('name', `must be lower-case letters, digits and dashes, got ${describe(data.name)}`, 'write a name such as missing-allow-origin')
    } else if (fileName !== undefined && data.name !== fileName) {
      c.add('name', `is ${describe(data.name)} but the file is named ${fileName}`, `rename the file to ${data.name}.yaml or set name: ${fileName}`)
    }
  }
  if (data.title !== undefined) c.string(data.title, 'title', { nonEmpty: true })
  if (data.summary !== undefined) c.string(data.summary, 'summary', { nonEmpty: true })
  if (data.fix !== undefined) c.string(data.fix, 'fix', { nonEmpty: true })
  if (data.security !== undefined) checkSecurity(c, data.security)
  if (data.$schema !== undefined) c.string(data.$schema, '$schema')
  if (data.policy !== undefined && c.object(data.policy, 'policy', 'a mapping with cors and/or faults')) {
    c.keys(data.policy, 'policy', scenarioFields.policy)
    if (data.policy.cors !== undefined) checkCors(c, data.policy.cors, 'policy.cors')
    const faults = data.policy.faults
    if (faults !== undefined && c.list(faults, 'policy.faults')) faults.forEach((f, i) => checkFault(c, f, `policy.faults[${i}]`))
  }
  if (data.probe !== undefined) checkProbe(c, data.probe)
  if (data.expect !== undefined && c.object(data.expect, 'expect', 'a mapping from browser to verdict')) {
    c.keys(data.expect, 'expect', browsers, browsers)
    const readHeaders = typeof data.probe === 'object' && data.probe !== null ? (data.probe as Json).readHeaders : undefined
    for (const browser of browsers) {
      if (data.expect[browser] !== undefined) checkExpectation(c, data.expect[browser], `expect.${browser}`, readHeaders)
    }
  }
  return c.issues
}

/**
 * Checks a parsed scenario document; returns it typed, or throws `E_SCENARIO_INVALID` naming the
 * file, each field path and how to fix it. `file` is a path or label; its base name (without
 * extension) must equal the scenario's name.
 *
 * @example
 * const scenario = validateScenario(JSON.parse(readFileSync('team-api.json', 'utf8')), 'team-api.json')
 */
export function validateScenario(data: unknown, file = 'scenario'): Scenario {
  const base = file.split(/[\\/]/).pop() ?? file
  const fileName = /\.(ya?ml|json)$/i.test(base) ? base.replace(/\.(ya?ml|json)$/i, '') : undefined
  const issues = scenarioIssues(data, fileName)
  if (issues.length > 0) throw new CorslabError('E_SCENARIO_INVALID', formatIssues(issues, file, 'scenario'))
  const { $schema: _ignored, ...scenario } = data as Json
  return scenario as unknown as Scenario
}
