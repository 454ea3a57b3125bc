import type { ExpectMatcherState, MatcherReturnType } from '@playwright/test'
import { isToken } from '../engine/fetch-terms.ts'
import type { ReasonId, Stage } from '../engine/index.ts'
import { CorslabError } from '../errors.ts'
import { closest } from '../scenarios/did-you-mean.ts'
import { requestedHeaderNames, type JournalEntry } from '../shared/journal-entry.ts'
import { internalsOf, type CorsFixture } from './fixture.ts'
import { findHiddenPreflights, neverArrived } from './interception-guard.ts'
import { formatJournal, formatRow } from './journal-report.ts'

/** A path under the session (`/api/items`, matching with or without a query), a full URL under it, or a pattern. */
export type PathMatcher = string | RegExp

/**
 * Request headers as you would write them for fetch(): a list of names, a list of `[name, value]`
 * pairs, or an object. Only the names count: a preflight carries the names it asks for, never values.
 */
export type HeaderNames = readonly string[] | ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string>>

/** `expect(corslab).toHaveSentPreflight(expected?)`. */
export interface PreflightExpectation {
  /** The method the preflight asks for (Access-Control-Request-Method), any case. */
  method?: string
  /** Headers the preflight asks for: Access-Control-Request-Headers holds at least these names. */
  headers?: HeaderNames
  /** Only preflights to this path. */
  path?: PathMatcher
  /** How long to wait for it, in ms. Default: the expect timeout. */
  timeout?: number
}

/** `expect(corslab).toHaveBlocked(expected?)`. */
export interface BlockExpectation {
  /** The reason id the browser blocks with (`missing-allow-origin`, `header-not-allowed`, ...). */
  reason?: ReasonId
  /** Where: `preflight` or `response` (also `request`, `redirect`). */
  stage?: Stage
  /** Only requests to this path. */
  path?: PathMatcher
  /** How long to wait for it, in ms. Default: the expect timeout. */
  timeout?: number
}

/** `expect(corslab).toHaveAllowed(path?, options?)`, or `toHaveAllowed({ path?, timeout? })`. */
export interface AllowOptions {
  /** How long to wait, in ms. Default: the expect timeout. */
  timeout?: number
}

/** `expect(corslab).toHaveAllowed({ path?, timeout? })`: the one-argument form. */
export interface AllowExpectation extends AllowOptions {
  /** Only requests to this path. */
  path?: PathMatcher
}

interface Evaluation {
  pass: boolean
  /** The rows that decide it: the matches, or (for toHaveAllowed) the blocked ones. */
  rows: JournalEntry[]
  /** What was found, in words, when `rows` does not say it. */
  received: string
}

// The journal is read again, each time it or the page's requests change, until the answer is the
// wanted one or time is up: a request the page just sent may not have reached the server yet.

function quote(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`
  if (Array.isArray(value)) return `[${value.map(quote).join(', ')}]`
  if (value instanceof RegExp) return String(value)
  if (typeof value === 'object' && value !== null) return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${quote(v)}`).join(', ')} }`
  return String(value)
}

function usage(matcher: string, problem: string, example: string): CorslabError {
  return new CorslabError('E_USAGE', `expect(corslab).${matcher}(): ${problem}. Write it as expect(corslab).${matcher}(${example}).`)
}

function plainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp)
}

/** The options object, its keys checked (a misspelt key would otherwise be ignored, and the matcher pass). */
function readOptions(matcher: string, value: unknown, keys: readonly string[], example: string): Record<string, unknown> {
  if (value === undefined) return {}
  if (!plainObject(value)) throw usage(matcher, `its argument must be an object of options (${keys.join(', ')}), got ${quote(value)}`, example)
  for (const key of Object.keys(value)) {
    if (keys.includes(key)) continue
    const near = closest(key, keys)
    throw usage(matcher, `unknown option ${JSON.stringify(key)}${near === undefined ? '' : ` (did you mean ${JSON.stringify(near)}?)`}; the options are ${keys.join(', ')}`, example)
  }
  const { timeout, path, method } = value
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < 0)) {
    throw usage(matcher, `timeout must be a number of milliseconds (0 or more), got ${quote(timeout)}`, example)
  }
  if (path !== undefined && typeof path !== 'string' && !(path instanceof RegExp)) {
    throw usage(matcher, `path must be a string ('/api/items', or a URL under corslab.url) or a RegExp, got ${quote(path)}`, example)
  }
  if (method !== undefined && (typeof method !== 'string' || method === '')) throw usage(matcher, `method must be a string such as 'PUT', got ${quote(method)}`, example)
  return value
}

/** A second argument the matcher does not take would be ignored: refuse it, saying where it goes. */
function noMore(matcher: string, extra: unknown[], allowed: number, example: string): void {
  if (extra.length === 0) return
  const taken = allowed === 1 ? 'one argument' : `${allowed} arguments`
  throw usage(matcher, `it takes ${taken}, got ${allowed + extra.length}; options such as timeout go inside the first: ${quote(extra[0])} would be ignored`, example)
}

/** Lower-case header names from a list of names, a list of [name, value] pairs, or an object. */
function readHeaderNames(matcher: string, value: unknown, example: string): string[] | undefined {
  if (value === undefined) return undefined
  let names: unknown[]
  if (Array.isArray(value)) names = value.map((item) => (Array.isArray(item) && item.length === 2 ? item[0] : item))
  else if (plainObject(value)) names = Object.keys(value)
  else throw usage(matcher, `headers must be a list of names (['x-request-id']) or an object ({ 'x-request-id': '1' }), got ${quote(value)}`, example)
  for (const name of names) {
    if (typeof name !== 'string' || !isToken(name)) {
      throw usage(matcher, `headers holds ${quote(name)}, which is not a header name; give names such as 'x-request-id' (or [name, value] pairs)`, example)
    }
  }
  return (names as string[]).map((n) => n.toLowerCase())
}

function pathMatches(fixture: CorsFixture, path: string, want: PathMatcher | undefined): boolean {
  if (want === undefined) return true
  if (want instanceof RegExp) return want.test(path)
  const under = want.startsWith(`${fixture.url}/`) ? want.slice(fixture.url.length) : want
  return path === under || (!under.includes('?') && path.split('?')[0] === under)
}

function describePath(path: PathMatcher | undefined): string {
  return path === undefined ? '' : ` to ${path instanceof RegExp ? String(path) : path}`
}

async function run(
  state: ExpectMatcherState,
  name: string,
  received: unknown,
  args: unknown[],
  expected: { yes: string, no: string },
  timeout: number | undefined,
  evaluate: (entries: JournalEntry[], fixture: CorsFixture) => Evaluation,
): Promise<MatcherReturnType> {
  const internals = internalsOf(received)
  if (internals === undefined) {
    throw new CorslabError('E_USAGE', `expect(received).${name}(): received must be the corslab fixture, as in expect(corslab).${name}(), got ${quote(received)}.`)
  }
  const fixture = received as CorsFixture
  const deadline = Date.now() + (timeout ?? state.timeout)
  let entries: JournalEntry[]
  let result: Evaluation
  for (;;) {
    // Listening before the read, so that a change while it runs is not missed.
    const stop = new AbortController()
    const change = internals.changed(Math.max(0, deadline - Date.now()), stop.signal)
    entries = await fixture.journal()
    result = evaluate(entries, fixture)
    if (result.pass !== state.isNot || Date.now() >= deadline) {
      stop.abort()
      break
    }
    await change
    stop.abort()
  }

  const notes: string[] = []
  if (result.pass === state.isNot) {
    for (const { entry, why } of await findHiddenPreflights(internals.log.sent, entries, internals.browser)) {
      notes.push(`#${entry.id} ${entry.method} ${entry.path} needed a preflight (${why}) but reached corslab without one: a page.route() or context.route() is answering preflights for the browser, so this test cannot see a preflight fail. The test fails for it at the end, with the way out.`)
    }
    for (const sent of neverArrived(internals.log.sent, entries)) {
      notes.push(`the page sent ${sent.method} ${sent.path} to this session, and it never reached corslab: a route.fulfill() or route.abort() answered it, or it is still on its way.`)
    }
  }
  const urlOf = (entry: JournalEntry) => `${fixture.url}${entry.path}`
  const message = () => {
    const lines = [
      `expect(corslab).${state.isNot ? 'not.' : ''}${name}(${args.filter((a) => a !== undefined).map(quote).join(', ')})`,
      '',
      `Expected: ${state.isNot ? expected.no : expected.yes}`,
      `Received: ${result.rows.length > 0 ? result.rows.map(formatRow).join('\n          ') : result.received}`,
      '',
      `Journal of this test (session ${fixture.session}, scenario now ${fixture.scenario}):`,
      formatJournal(entries, urlOf),
    ]
    if (notes.length > 0) lines.push('', ...notes.map((n) => `Note: ${n}`))
    return lines.join('\n')
  }
  return { pass: result.pass, message, name }
}

/**
 * Matchers on the `corslab` fixture. They read the journal of the test's session (waiting up to
 * the expect timeout for the rows to arrive) and fail with the rows and the engine's explanation.
 *
 * @example
 * import { expect as base } from '@playwright/test'
 * import { corsMatchers } from 'corslab/playwright'
 * export const expect = base.extend(corsMatchers)
 * // in a test: await expect(corslab).toHaveBlocked({ stage: 'preflight', reason: 'header-not-allowed' })
 */
export const corsMatchers = {
  /** The browser sent a CORS preflight (matching `expected`) to this test's session. */
  async toHaveSentPreflight(this: ExpectMatcherState, received: CorsFixture, expected?: PreflightExpectation): Promise<MatcherReturnType> {
    const example = "{ method: 'PUT', headers: ['x-request-id'], path: '/api/items/1', timeout: 5000 }"
    // Not a rest parameter: the types should refuse a second argument too.
    noMore('toHaveSentPreflight', [...arguments].slice(2), 1, example)
    const { timeout, ...shown } = readOptions('toHaveSentPreflight', expected, ['method', 'headers', 'path', 'timeout'], example) as PreflightExpectation
    const wanted = readHeaderNames('toHaveSentPreflight', shown.headers, example)
    const method = shown.method === undefined ? '' : ` for ${shown.method}`
    const headers = wanted === undefined ? '' : ` asking for ${wanted.join(', ')}`
    const what = `preflight (OPTIONS)${method}${headers}${describePath(shown.path)}`
    return run(this, 'toHaveSentPreflight', received, [Object.keys(shown).length > 0 ? shown : undefined], { yes: `a ${what}`, no: `no ${what}` }, timeout, (entries, fixture) => {
      const rows = entries.filter((e) => {
        if (!e.preflight || !pathMatches(fixture, e.path, shown.path)) return false
        const asked = e.requestHeaders['access-control-request-method'] ?? ''
        if (shown.method !== undefined && asked.toUpperCase() !== shown.method.toUpperCase()) return false
        const names = requestedHeaderNames(e.requestHeaders['access-control-request-headers'])
        return (wanted ?? []).every((h) => names.includes(h))
      })
      const preflights = entries.filter((e) => e.preflight).length
      return { pass: rows.length > 0, rows, received: preflights === 0 ? 'no preflight at all' : `none of the ${preflights} preflights matches` }
    })
  },

  /** The browser blocked a request of this test (with this reason, at this stage, on this path). */
  async toHaveBlocked(this: ExpectMatcherState, received: CorsFixture, expected?: BlockExpectation): Promise<MatcherReturnType> {
    const example = "{ reason: 'header-not-allowed', stage: 'preflight', path: '/api/items', timeout: 5000 }"
    noMore('toHaveBlocked', [...arguments].slice(2), 1, example)
    const { timeout, ...shown } = readOptions('toHaveBlocked', expected, ['reason', 'stage', 'path', 'timeout'], example) as BlockExpectation
    const stage = shown.stage === undefined ? '' : ` at ${shown.stage}`
    const reason = shown.reason === undefined ? '' : ` with reason ${shown.reason}`
    const what = `request${describePath(shown.path)} that the browser blocks${stage}${reason}`
    return run(this, 'toHaveBlocked', received, [Object.keys(shown).length > 0 ? shown : undefined], { yes: `a ${what}`, no: `no ${what}` }, timeout, (entries, fixture) => {
      const blocked = entries.filter((e) => e.verdict?.outcome === 'blocked' && pathMatches(fixture, e.path, shown.path))
      const rows = blocked.filter((e) => (shown.reason === undefined || e.verdict?.reason === shown.reason) && (shown.stage === undefined || e.verdict?.stage === shown.stage))
      return { pass: rows.length > 0, rows, received: blocked.length === 0 ? 'nothing blocked' : `blocked, but not like that: ${blocked.map((e) => `#${e.id} ${e.verdict?.stage} ${e.verdict?.reason}`).join(', ')}` }
    })
  },

  /**
   * The browser let this test's requests (to `path`, when given) through: at least one reached the
   * server and was allowed, and no preflight or response of them was blocked.
   */
  async toHaveAllowed(this: ExpectMatcherState, received: CorsFixture, pathOrExpected?: PathMatcher | AllowExpectation, options?: AllowOptions): Promise<MatcherReturnType> {
    const example = "'/api/items', { timeout: 5000 }"
    noMore('toHaveAllowed', [...arguments].slice(3), 2, example)
    let path: PathMatcher | undefined
    let timeout: number | undefined
    if (plainObject(pathOrExpected)) {
      // The one-argument form, like the other two matchers: toHaveAllowed({ path, timeout }).
      noMore('toHaveAllowed', options === undefined ? [] : [options], 1, "{ path: '/api/items', timeout: 5000 }")
      ;({ path, timeout } = readOptions('toHaveAllowed', pathOrExpected, ['path', 'timeout'], "{ path: '/api/items', timeout: 5000 }") as AllowExpectation)
    } else {
      path = (readOptions('toHaveAllowed', pathOrExpected === undefined ? undefined : { path: pathOrExpected }, ['path'], example) as AllowExpectation).path
      timeout = (readOptions('toHaveAllowed', options, ['timeout'], example) as AllowOptions).timeout
    }
    const what = path === undefined ? "this test's requests" : `the requests${describePath(path)}`
    const expected = { yes: `${what} let through by the browser (at least one allowed, none blocked)`, no: `${what} not let through by the browser (one blocked, or none allowed)` }
    return run(this, 'toHaveAllowed', received, [path], expected, timeout, (entries, fixture) => {
      const cors = entries.filter((e) => e.verdict !== null && pathMatches(fixture, e.path, path))
      const blocked = cors.filter((e) => e.verdict?.outcome === 'blocked')
      const allowed = cors.filter((e) => !e.preflight && e.verdict?.outcome === 'allowed')
      if (blocked.length > 0) return { pass: false, rows: blocked, received: '' }
      if (allowed.length > 0) return { pass: true, rows: allowed, received: '' }
      return { pass: false, rows: [], received: cors.length === 0 ? `no CORS request${describePath(path)} reached corslab` : 'no request reached its handler allowed' }
    })
  },
}
