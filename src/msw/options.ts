import type { RequestHandler } from 'msw'
import { credentialsModes } from '../engine/fetch-terms.ts'
import { browsers, type BrowserName, type CredentialsMode } from '../engine/index.ts'
import { CorslabError } from '../errors.ts'
import { catalog, getScenario } from '../scenarios/catalog.ts'
import { formatIssues } from '../scenarios/checker.ts'
import type { Scenario } from '../scenarios/types.ts'
import { scenarioIssues } from '../scenarios/validate.ts'
import { Journal } from '../shared/journal.ts'
import { parseTarget, type Target } from './target.ts'

/** A scenario of your own: its name and policy are enough (title, probe and expect are for the catalog). */
export type ScenarioObject = Pick<Scenario, 'name' | 'policy'> & Partial<Omit<Scenario, 'name' | 'policy'>>

export interface CorsHandlersOptions {
  /** A built-in scenario's name (`missing-allow-origin`), or a scenario object of your own. */
  scenario: string | ScenarioObject
  /**
   * The API's origin or base URL (`http://localhost:4010`, `https://api.example.com/v1`). Requests
   * under it are governed by the scenario; every other request goes on to the next handler.
   */
  target: string | URL
  /** The page's origin, as the browser would send it. Default: `location.origin` where there is one. */
  origin?: string
  /** Whose CORS rules and console text: `chromium` (default), `firefox` or `webkit`. */
  browser?: BrowserName
  /** Your MSW handlers for the API: they produce status, headers and body. Default: corslab's mock API. */
  handlers?: readonly RequestHandler[]
  /** Where an entry goes for each request the browser would send. Default: a new one, at `.journal`. */
  journal?: Journal
  /** Receives the browser's console text for each blocked request. Default `console.error`; `'silent'`: nowhere. */
  log?: ((message: string) => void) | 'silent'
  /**
   * The page's credentials mode, for every request (or a function of the request). Default: the
   * request's own: exact in a page with setupWorker; in Node (also under jsdom and happy-dom) read
   * from the fetch() or XMLHttpRequest call behind the request, which corslab observes, since MSW
   * shows every request there as `same-origin`. Needed only where no call can be seen (axios's
   * http adapter, node:http): there corslab assumes `same-origin` and warns once when that
   * changes the verdict.
   */
  credentials?: CredentialsMode | ((request: Request) => CredentialsMode)
  /** Scenarios a `/@NAME/` path may name. Default: the built-in catalog. */
  scenarios?: readonly ScenarioObject[]
}

/** The options, checked and with their defaults. */
export interface Settings {
  scenario: Scenario
  scenarios: readonly Scenario[]
  target: Target
  origin: string
  browser: BrowserName
  handlers: readonly RequestHandler[] | null
  journal: Journal
  log: ((message: string) => void) | null
  credentials: ((request: Request) => CredentialsMode) | null
}


function invalid(message: string): CorslabError {
  return new CorslabError('E_INVALID_OPTION', `corsHandlers: ${message}`)
}

// A scenario object needs only what the handlers use, its name and policy; title, probe and expect
// may be left out. The policy is checked as a scenario file's would be.
function readScenario(value: unknown, scenarios: readonly Scenario[]): Scenario {
  if (typeof value === 'string') return getScenario(value, scenarios)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(`options.scenario must be a scenario name such as 'missing-allow-origin' or a scenario object, got ${JSON.stringify(value)}.`)
  }
  const issues = scenarioIssues(value).filter((issue) => issue.path === 'name' || issue.path === 'policy' || issue.path.startsWith('policy.'))
  if ((value as Partial<Scenario>).name === undefined) issues.unshift({ path: 'name', message: 'is missing', fix: 'give the scenario a name, such as my-scenario' })
  if ((value as Partial<Scenario>).policy === undefined) issues.push({ path: 'policy', message: 'is missing', fix: 'give the policy: { cors: { ... }, faults: [...] } ({} for a server without CORS)' })
  if (issues.length > 0) throw new CorslabError('E_SCENARIO_INVALID', formatIssues(issues, 'corsHandlers: options.scenario', 'scenario'))
  return value as Scenario
}

// An origin is scheme://host[:port]; given as a URL with no path, it is serialized (or 'null' for an opaque one).
function readOrigin(value: unknown): string {
  if (value === undefined) {
    const here = (globalThis as { location?: { origin?: unknown } }).location?.origin
    if (typeof here === 'string' && here !== '') return here
    throw invalid(
      "options.origin is required here: there is no location to take the page's origin from. " +
        "Pass the origin your app runs on, e.g. corsHandlers({ origin: 'http://localhost:5173', ... }).",
    )
  }
  if (value === 'null') return value
  const url = typeof value === 'string' ? URL.parse(value) : null
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw invalid(`options.origin must be an origin such as 'http://localhost:5173' (scheme, host and port, no path), got ${JSON.stringify(value)}.`)
  }
  return url.origin
}

function readCredentials(value: unknown): Settings['credentials'] {
  if (value === undefined) return null
  if (typeof value === 'function') {
    const pick = value as (request: Request) => CredentialsMode
    return (request) => {
      const mode = pick(request)
      if (!credentialsModes.includes(mode)) throw invalid(`options.credentials returned ${JSON.stringify(mode)}; return 'omit', 'same-origin' or 'include'.`)
      return mode
    }
  }
  if (credentialsModes.includes(value as CredentialsMode)) return () => value as CredentialsMode
  throw invalid(`options.credentials must be 'omit', 'same-origin', 'include' or a function of the request, got ${JSON.stringify(value)}.`)
}

function readLog(value: unknown): Settings['log'] {
  if (value === 'silent') return null
  // Looked up on each call, so a spy installed on console.error after set-up still sees the text.
  if (value === undefined) return (message) => console.error(message)
  if (typeof value === 'function') return value as (message: string) => void
  throw invalid(`options.log must be a function taking the console text, or 'silent', got ${JSON.stringify(value)}.`)
}

export function readOptions(options: CorsHandlersOptions): Settings {
  if (options === null || typeof options !== 'object') {
    throw invalid("pass an options object: corsHandlers({ scenario: 'missing-allow-origin', target: 'http://localhost:4010' }).")
  }
  const scenarios = (options.scenarios ?? catalog) as readonly Scenario[]
  const scenario = readScenario(options.scenario, scenarios)
  const browser = options.browser ?? 'chromium'
  if (!browsers.includes(browser)) {
    throw invalid(`options.browser must be 'chromium', 'firefox' or 'webkit', got ${JSON.stringify(browser)}.`)
  }
  if (options.handlers !== undefined && !Array.isArray(options.handlers)) {
    throw invalid('options.handlers must be an array of MSW handlers, e.g. [http.get(...), http.put(...)].')
  }
  if (options.journal !== undefined && !(options.journal instanceof Journal)) {
    throw invalid('options.journal must be a Journal (import { Journal } from \'corslab/msw\'); leave it out to get a new one at .journal.')
  }
  return {
    scenario,
    scenarios: scenarios.includes(scenario) ? scenarios : [scenario, ...scenarios],
    target: parseTarget(options.target),
    origin: readOrigin(options.origin),
    browser,
    handlers: options.handlers ?? null,
    journal: options.journal ?? new Journal(),
    log: readLog(options.log),
    credentials: readCredentials(options.credentials),
  }
}
