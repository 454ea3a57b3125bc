import type { ExpectMatcherState, MatcherReturnType } from '@playwright/test'
import type { ReasonId, Stage } from '../engine/index.ts'
import { CorslabError } from '../errors.ts'
import { requestedHeaderNames, type JournalEntry } from '../shared/journal-entry.ts'
import { internalsOf, type CorsFixture } from './fixture.ts'
import { findHiddenPreflights, neverArrived } from './interception-guard.ts'
import { formatJournal, formatRow } from './journal-report.ts'

/** A path under the session (`/api/items`, matching with or without a query), a full URL under it, or a pattern. */
export type PathMatcher = string | RegExp

export interface PreflightExpectation {
  /** The method the preflight asks for (Access-Control-Request-Method). */
  method?: string
  /** Header names the preflight asks for (Access-Control-Request-Headers holds at least these). */
  headers?: string[]
  path?: PathMatcher
  /** How long to wait for it, in ms. Default: the expect timeout. */
  timeout?: number
}

export interface BlockExpectation {
  reason?: ReasonId
  stage?: Stage
  path?: PathMatcher
  timeout?: number
}

export interface AllowOptions {
  timeout?: number
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
  async toHaveSentPreflight(this: ExpectMatcherState, received: CorsFixture, expected: PreflightExpectation = {}): Promise<MatcherReturnType> {
    const { timeout, ...shown } = expected
    const method = expected.method === undefined ? '' : ` for ${expected.method}`
    const headers = expected.headers === undefined ? '' : ` asking for ${expected.headers.join(', ')}`
    const what = `preflight (OPTIONS)${method}${headers}${describePath(expected.path)}`
    return run(this, 'toHaveSentPreflight', received, [Object.keys(shown).length > 0 ? shown : undefined], { yes: `a ${what}`, no: `no ${what}` }, timeout, (entries, fixture) => {
      const rows = entries.filter((e) => {
        if (!e.preflight || !pathMatches(fixture, e.path, expected.path)) return false
        const asked = e.requestHeaders['access-control-request-method'] ?? ''
        if (expected.method !== undefined && asked.toUpperCase() !== expected.method.toUpperCase()) return false
        const names = requestedHeaderNames(e.requestHeaders['access-control-request-headers'])
        return (expected.headers ?? []).every((h) => names.includes(h.toLowerCase()))
      })
      const preflights = entries.filter((e) => e.preflight).length
      return { pass: rows.length > 0, rows, received: preflights === 0 ? 'no preflight at all' : `none of the ${preflights} preflights matches` }
    })
  },

  /** The browser blocked a request of this test (with this reason, at this stage, on this path). */
  async toHaveBlocked(this: ExpectMatcherState, received: CorsFixture, expected: BlockExpectation = {}): Promise<MatcherReturnType> {
    const { timeout, ...shown } = expected
    const stage = expected.stage === undefined ? '' : ` at ${expected.stage}`
    const reason = expected.reason === undefined ? '' : ` with reason ${expected.reason}`
    const what = `request${describePath(expected.path)} that the browser blocks${stage}${reason}`
    return run(this, 'toHaveBlocked', received, [Object.keys(shown).length > 0 ? shown : undefined], { yes: `a ${what}`, no: `no ${what}` }, timeout, (entries, fixture) => {
      const blocked = entries.filter((e) => e.verdict?.outcome === 'blocked' && pathMatches(fixture, e.path, expected.path))
      const rows = blocked.filter((e) => (expected.reason === undefined || e.verdict?.reason === expected.reason) && (expected.stage === undefined || e.verdict?.stage === expected.stage))
      return { pass: rows.length > 0, rows, received: blocked.length === 0 ? 'nothing blocked' : `blocked, but not like that: ${blocked.map((e) => `#${e.id} ${e.verdict?.stage} ${e.verdict?.reason}`).join(', ')}` }
    })
  },

  /**
   * The browser let this test's requests (to `path`, when given) through: at least one reached the
   * server and was allowed, and no preflight or response of them was blocked.
   */
  async toHaveAllowed(this: ExpectMatcherState, received: CorsFixture, path?: PathMatcher, options: AllowOptions = {}): Promise<MatcherReturnType> {
    const what = path === undefined ? "this test's requests" : `the requests${describePath(path)}`
    const expected = { yes: `${what} let through by the browser (at least one allowed, none blocked)`, no: `${what} not let through by the browser (one blocked, or none allowed)` }
    return run(this, 'toHaveAllowed', received, [path], expected, options.timeout, (entries, fixture) => {
      const cors = entries.filter((e) => e.verdict !== null && pathMatches(fixture, e.path, path))
      const blocked = cors.filter((e) => e.verdict?.outcome === 'blocked')
      const allowed = cors.filter((e) => !e.preflight && e.verdict?.outcome === 'allowed')
      if (blocked.length > 0) return { pass: false, rows: blocked, received: '' }
      if (allowed.length > 0) return { pass: true, rows: allowed, received: '' }
      return { pass: false, rows: [], received: cors.length === 0 ? `no CORS request${describePath(path)} reached corslab` : 'no request reached its handler allowed' }
    })
  },
}
