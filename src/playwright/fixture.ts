import { randomBytes } from 'node:crypto'
import type { BrowserContext, Fixtures, PlaywrightTestArgs, PlaywrightTestOptions, PlaywrightWorkerArgs, PlaywrightWorkerOptions } from '@playwright/test'
import type { BrowserName } from '../engine/index.ts'
import { CorslabError, isCorslabError } from '../errors.ts'
import { startServer, type ServerOptions } from '../server/index.ts'
import type { JournalEntry } from '../shared/journal-entry.ts'
import { SessionControl } from './session-control.ts'
import { withPageCredentials } from './credentials.ts'
import { findHiddenPreflights, interceptionMessage } from './interception-guard.ts'
import { LocalNetworkEmulation, type LocalNetworkAccess } from './local-network.ts'
import { refusalEntries } from './local-network-journal.ts'
import { RequestLog } from './request-log.ts'

/** How the worker's corslab server is started: the server options that make sense in a test run. */
export type CorsServerOptions = Pick<ServerOptions, 'routes' | 'upstream' | 'scenariosDir' | 'host' | 'port' | 'journalSize'>

/** The `corslab` fixture: one test's view of the server, through a session of its own. */
export interface CorsFixture {
  /**
   * The API base for this test, without a trailing slash: the server's origin and this test's
   * session prefix, `http://127.0.0.1:41233/@t0-5f2c9a1b`. Give it to the app under test.
   */
  readonly url: string
  /** The API's origin, `http://127.0.0.1:41233`. The page must be on another one. */
  readonly origin: string
  /** The session id, the `@…` part of `url`. */
  readonly session: string
  /** The scenario the session serves now. */
  readonly scenario: string
  /**
   * Serves `scenario` from now on; `url` stays the same. Rejects for a name the server does not know.
   * In Chromium it also clears the browser's cache, whose cached preflights (5 seconds even without
   * Access-Control-Max-Age) would otherwise let a request skip the new scenario's preflight; pass
   * `{ keepPreflightCache: true }` to see what a browser that preflighted before the change does.
   */
  use(scenario: string, options?: { keepPreflightCache?: boolean }): Promise<void>
  /**
   * What reached the server through `url` during this test, oldest first, each with Chromium's
   * verdict. Where the server had to guess the page's credentials mode (a request without cookies)
   * and the browser's outcome for the request shows the guess wrong, the verdict is the page's.
   * With `localNetworkAccess` set, the requests Chromium refused before sending them are there
   * too, in the order they were refused: `id` below 0, `status` 0, a verdict blocked at `request`
   * (or `redirect`) with reason `local-network-access-denied` (or another `local-network-*`).
   */
  journal(): Promise<JournalEntry[]>
}

export interface CorsTestOptions {
  /** The scenario each test starts with. Default `allow-all`. */
  corsScenario: string
  /**
   * A fixed session id instead of a new one per test, for an app whose API base is fixed before
   * the tests run (an env var read by a dev server). Tests then share one URL: run them one at a time.
   */
  corsSession: string | undefined
  /**
   * Chromium's Local Network Access (Chrome 142+), emulated: each page the test opens (on any
   * origin but corslab's) is a public-network page, corslab's API stays on the loopback network
   * where it runs, and the user's answer to the permission prompt is this. `denied`: the
   * browser refuses the page's requests to corslab before sending them (TypeError: Failed to
   * fetch); they show in `journal()` and the matchers with reason `local-network-access-denied`.
   * `granted`: they go through and meet the scenario's CORS rules as usual. Unset: no emulation.
   * Chromium only.
   */
  localNetworkAccess: LocalNetworkAccess | undefined
}

export interface CorsWorkerOptions {
  /** Options of the server each worker starts. Default: a free port on 127.0.0.1 and the built-in mock API. */
  corsServer: CorsServerOptions
}

/** The running server of a worker. */
export interface CorsServer {
  /** `http://HOST:PORT` */
  readonly url: string
}

export type CorsTestFixtures = CorsTestOptions & {
  corslab: CorsFixture
  /** The `localNetworkAccess` emulation of this test's context, or null. Internal. */
  _corslabLocalNetwork: LocalNetworkEmulation | null
}
export type CorsWorkerFixtures = CorsWorkerOptions & { corslabServer: CorsServer }

export interface CorsFixtureOptions {
  /** The default of the `corsScenario` option. Default `allow-all`. */
  scenario?: string
  /** The default of the `corsServer` option. */
  server?: CorsServerOptions
}

/** What the matchers need beyond the public fixture. */
export interface FixtureInternals {
  log: RequestLog
  browser: BrowserName
  /**
   * Resolves when the journal or the page's requests change (a new entry, a request sent or ended),
   * or after `ms`, or when `signal` aborts.
   */
  changed(ms: number, signal: AbortSignal): Promise<void>
}

const internals = new WeakMap<CorsFixture, FixtureInternals>()
const clients = new WeakMap<CorsServer, SessionControl>()

export function internalsOf(fixture: unknown): FixtureInternals | undefined {
  return typeof fixture === 'object' && fixture !== null ? internals.get(fixture as CorsFixture) : undefined
}

// 0.0.0.0 and :: are where a server listens, not addresses a browser can open.
function reachable(url: string): string {
  return url.replace(/^http:\/\/(0\.0\.0\.0|\[::\])(?=:)/, 'http://127.0.0.1')
}

// Chromium keeps its preflight cache with the HTTP cache, and DevTools clears both (Chromium only).
async function clearBrowserCache(context: BrowserContext): Promise<void> {
  const page = context.pages()[0]
  if (page === undefined) return
  const cdp = await context.newCDPSession(page)
  try {
    await cdp.send('Network.clearBrowserCache')
  } finally {
    await cdp.detach()
  }
}

const browsers: readonly string[] = ['chromium', 'firefox', 'webkit'] satisfies BrowserName[]

/**
 * The corslab fixtures, to pass to `test.extend()`: a server per worker (option `corsServer`), a
 * session per test that starts on the `corsScenario` option, and the `corslab` fixture. The fixture
 * also fails a test whose preflights a `page.route()` or `context.route()` answered instead of
 * corslab, since such a test cannot see a CORS failure.
 *
 * @example
 * import { test as base } from '@playwright/test'
 * import { defineCorsFixture, type CorsTestFixtures, type CorsWorkerFixtures } from 'corslab/playwright'
 * export const test = base.extend<CorsTestFixtures, CorsWorkerFixtures>(defineCorsFixture({ scenario: 'missing-preflight' }))
 */
export function defineCorsFixture(
  options: CorsFixtureOptions = {},
): Fixtures<CorsTestFixtures, CorsWorkerFixtures, PlaywrightTestArgs & PlaywrightTestOptions, PlaywrightWorkerArgs & PlaywrightWorkerOptions> {
  return {
    corsScenario: [options.scenario ?? 'allow-all', { option: true }],
    corsSession: [undefined, { option: true }],
    localNetworkAccess: [undefined, { option: true }],
    corsServer: [options.server ?? {}, { option: true, scope: 'worker' }],

    corslabServer: [
      async ({ corsServer }, use) => {
        let running
        try {
          running = await startServer({ port: 0, journalSize: 5000, ...corsServer, pagePort: false })
        } catch (error) {
          if (isCorslabError(error, 'E_PORT_IN_USE')) {
            throw new CorslabError('E_PORT_IN_USE', `${error.message} corsServer.port is fixed, so only one worker can start the server: run with workers: 1, or leave port out to get a free port per worker.`, { cause: error })
          }
          throw error
        }
        const server: CorsServer = { url: reachable(running.url) }
        clients.set(server, new SessionControl(running.app))
        await use(server)
        await running.close()
      },
      { scope: 'worker', box: true },
    ],

    _corslabLocalNetwork: [
      async ({ localNetworkAccess, corslabServer, context, browserName }, use) => {
        if (localNetworkAccess === undefined) return use(null)
        if (browserName !== 'chromium') {
          throw new CorslabError(
            'E_USAGE',
            `localNetworkAccess is emulated in Chromium only, and this project runs ${browserName}. Firefox (ESR 153) asks the user and, refused, fails the request as "CORS request did not succeed"; WebKit has no Local Network Access yet. Run the test in Chromium only: test.skip(({ browserName }) => browserName !== 'chromium').`,
          )
        }
        const emulation = await LocalNetworkEmulation.start(context, localNetworkAccess, corslabServer.url)
        await use(emulation)
        emulation.stop()
      },
      { box: true },
    ],

    // The test's page is covered from its first navigation: the emulation is in place before the test has it.
    page: async ({ page, _corslabLocalNetwork }, use) => {
      await _corslabLocalNetwork?.attach(page)
      await use(page)
    },

    corslab: async ({ corslabServer, corsScenario, corsSession, context, browserName, _corslabLocalNetwork }, use, testInfo) => {
      const control = clients.get(corslabServer)
      if (control === undefined) throw new CorslabError('E_USAGE', 'corslabServer was not started by defineCorsFixture(); do not override it.')
      const session = corsSession ?? `t${testInfo.workerIndex}-${randomBytes(4).toString('hex')}`
      try {
        control.putSession(session, corsScenario)
      } catch (error) {
        if (isCorslabError(error, 'E_SCENARIO_NOT_FOUND')) {
          throw new CorslabError('E_SCENARIO_NOT_FOUND', `corsScenario ${JSON.stringify(corsScenario)}: ${error.message.replace(/^\[corslab\] /, '')}`)
        }
        throw error
      }
      // A fixed session keeps its earlier tests' entries; this test's are the ones after these.
      const since = control.lastId()
      const url = `${corslabServer.url}/@${session}`
      const log = new RequestLog(url)
      log.watch(context)
      let scenario = corsScenario
      // Which scenario the session served when: a refused request never reached the server to say.
      const scenarios: Array<{ since: string, name: string }> = [{ since: '', name: corsScenario }]
      const scenarioAt = (time: string) => scenarios.findLast((s) => s.since <= time)?.name ?? corsScenario
      const fixture: CorsFixture = {
        url,
        origin: corslabServer.url,
        session,
        get scenario() {
          return scenario
        },
        async use(name: string, options: { keepPreflightCache?: boolean } = {}) {
          control.putSession(session, name)
          scenario = name
          scenarios.push({ since: new Date().toISOString(), name })
          if (options.keepPreflightCache !== true && browserName === 'chromium') await clearBrowserCache(context)
        },
        async journal() {
          const entries = control.journal(session).filter((e) => e.id > since)
          await log.settle(entries.filter((e) => !e.preflight))
          const served = withPageCredentials(entries, log.sent, (e) => `${url}${e.path}`)
          if (_corslabLocalNetwork === null) return served
          return refusalEntries(served, _corslabLocalNetwork.refusals, { url, session, scenarioAt, permission: _corslabLocalNetwork.permission })
        },
      }
      const browser = (browsers.includes(browserName) ? browserName : 'chromium') as BrowserName
      internals.set(fixture, { log, browser, changed: (ms, signal) => Promise.race([log.next(ms, signal), control.nextEntry(session, ms, signal)]) })

      await use(fixture)

      try {
        const hidden = await findHiddenPreflights(log.sent, await fixture.journal(), browser)
        if (hidden.length > 0) throw new CorslabError('E_USAGE', interceptionMessage(hidden, corslabServer.url))
      } finally {
        log.stop()
        control.deleteSession(session)
      }
    },
  }
}
