import { CorslabError } from '../errors.ts'
import { altOrigin } from '../scenarios/faults.ts'
import type { Scenario } from '../scenarios/types.ts'
import { splitScenarioPrefix } from '../shared/scenario-prefix.ts'

/** The API the scenario governs: an origin, and a base path under it. */
export interface Target {
  origin: string
  /** The base path without its trailing slash; '' for a bare origin. */
  base: string
  /**
   * The same server under its other loopback name (the `{altOrigin}` of scenario faults), where a
   * scenario's redirect may lead; governed for redirects only, as the server answers both names.
   */
  alias: string
}

export function parseTarget(value: unknown): Target {
  const url = typeof value === 'string' ? URL.parse(value) : value instanceof URL ? value : null
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
    throw new CorslabError(
      'E_INVALID_OPTION',
      `corsHandlers: options.target must be the API's absolute http(s) URL, such as 'http://localhost:4010' or 'https://api.example.com/v1' (no query), got ${JSON.stringify(String(value))}.`,
    )
  }
  return { origin: url.origin, base: url.pathname.replace(/\/+$/, ''), alias: altOrigin(url.host) }
}

/** The path and query of `url` under the target (`/api/items?page=2`), or null when it is not under it. */
export function pathUnder(url: URL, target: Target, viaRedirect = false): string | null {
  if (url.origin !== target.origin && !(viaRedirect && url.origin === target.alias)) return null
  const { pathname } = url
  if (target.base !== '' && pathname !== target.base && !pathname.startsWith(`${target.base}/`)) return null
  return (pathname.slice(target.base.length) || '/') + url.search
}

/** Where a request lands: the scenario that answers it and the path under that scenario. */
export interface Site {
  scenario: Scenario
  /** Path and query under the scenario (a `/@NAME` prefix removed), as the server's routes see it. */
  path: string
  /** The path named its scenario (`/@NAME/...`), as the server allows. */
  prefixed: boolean
}

/**
 * As the server does: a path that starts with `/@NAME/` is served under scenario NAME, any other
 * under the handler set's scenario. An unknown name gives `{ unknown }`.
 */
export function siteOf(path: string, fallback: Scenario, scenarios: readonly Scenario[]): Site | { unknown: string } {
  const { name, path: under } = splitScenarioPrefix(path)
  if (name === undefined) return { scenario: fallback, path, prefixed: false }
  const scenario = scenarios.find((s) => s.name === name)
  if (scenario === undefined) return { unknown: name }
  return { scenario, path: under, prefixed: true }
}
