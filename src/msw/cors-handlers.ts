import { http, HttpResponse, type HttpHandler } from 'msw'
import { createPreflightCache } from '../engine/index.ts'
import { unknownScenarioMessage } from '../scenarios/did-you-mean.ts'
import type { Scenario } from '../scenarios/types.ts'
import type { Journal } from '../shared/journal.ts'
import { answerSource } from './answers.ts'
import { assumedCredentialsWarning } from './assumed-credentials.ts'
import { CookieJar, sendsCookies } from './cookie-jar.ts'
import { observeCredentials, pageCredentials, type PageCredentials } from './credentials.ts'
import { environmentFiltersResponse, isEnvironmentPreflight, passPreflight } from './environment.ts'
import { runExchange } from './exchange.ts'
import { journalEntries } from './journal-entries.ts'
import { readOptions, type CorsHandlersOptions } from './options.ts'
import { pageRequest } from './page-request.ts'
import { allowedResponse } from './response.ts'
import { defaultRoutes, userRoutes } from './routes.ts'
import { pathUnder, siteOf } from './target.ts'

/** The handlers to spread into `setupServer(...)`, `server.use(...)` or `worker.use(...)`, with their state. */
export interface CorsHandlers extends Array<HttpHandler> {
  /** The requests the browser would have sent, in the server's journal shape (newest last). */
  readonly journal: Journal
  /** The scenario the handlers apply (a `/@NAME/` path picks another for that request). */
  readonly scenario: Scenario
  /** Forgets cached preflights and cookies, empties the journal and restores the default API's items. */
  reset(): void
}

// In Node, from the first import on: a client that keeps a reference to fetch made after this
// still goes through the observer (see credentials.ts).
observeCredentials()

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * MSW request handlers that make requests to `target` behave as `browser` would under `scenario`:
 * the engine runs the CORS protocol on each request with the scenario's answers (the same
 * `answer()` as the server), and a request the browser would block gets a network error.
 *
 * @example
 * import { corsHandlers } from 'corslab/msw'
 * import { setupServer } from 'msw/node'
 * const cors = corsHandlers({ scenario: 'missing-allow-origin', target: 'http://localhost:4010', origin: 'http://localhost:5173' })
 * const server = setupServer(...cors)
 * server.listen()
 * await fetch('http://localhost:4010/api/items') // rejects with a TypeError, as in Chromium
 * cors.journal.entries()[0]?.verdict // { outcome: 'blocked', stage: 'response', reason: 'missing-allow-origin', message: ... }
 */
export function corsHandlers(options: CorsHandlersOptions): CorsHandlers {
  const settings = readOptions(options)
  const { target, journal } = settings
  const preflightCache = createPreflightCache()
  const jar = new CookieJar()
  const warnOnce = assumedCredentialsWarning(settings.browser, preflightCache)
  observeCredentials()
  const routes = settings.handlers === null ? defaultRoutes() : userRoutes(settings.handlers)

  const handler = http.all(
    ({ request }) => pathUnder(new URL(request.url), target) !== null,
    async ({ request }) => {
      if (isEnvironmentPreflight(request)) return passPreflight(request, settings.origin)
      const path = pathUnder(new URL(request.url), target) as string
      const site = siteOf(path, settings.scenario, settings.scenarios)
      if ('unknown' in site) {
        // As the server answers a /@NAME/ prefix it does not know.
        const names = settings.scenarios.map((s) => s.name)
        const error = unknownScenarioMessage(site.unknown, names, ` (from the path prefix /@${site.unknown}/)`)
        return HttpResponse.json({ error, scenarios: names }, { status: 404, headers: { 'access-control-allow-origin': '*' } })
      }

      const credentials: PageCredentials = settings.credentials === null ? pageCredentials(request) : { mode: settings.credentials(request), known: true, via: null }
      const page = pageRequest(request, settings.origin, credentials.mode)
      // An XMLHttpRequest (jsdom's, happy-dom's; axios in both) gets the browser's XHR text and rules.
      const via = credentials.via ?? (settings.credentials === null ? null : pageCredentials(request).via)
      if (via === 'xhr' && page.mode === 'cors' && page.redirect === 'follow' && page.credentials !== 'omit') page.initiator = 'xhr'
      const cookieFor = (url: string) => (sendsCookies(credentials.mode, settings.origin, url) ? jar.header(url) : null)
      const source = answerSource(settings, routes, request, cookieFor)
      const { verdict, sent } = await runExchange(page, source, settings.browser, preflightCache)
      for (const entry of journalEntries(sent, verdict, page, site)) journal.add(entry)
      // As the browser does, before its CORS check: a blocked response's cookies are kept too.
      for (const item of sent) if (item.need.kind === 'response' && sendsCookies(credentials.mode, settings.origin, item.need.url)) jar.take(item.need.url, item.answer.headers)

      if (!credentials.known) warnOnce({ scenario: site.scenario.name, url: request.url, page, verdict, sent, source })

      // The browser waits for each answer it got, the slow ones included (slow-preflight, /api/slow).
      const delay = sent.reduce((sum, item) => sum + (item.answer.delayMs ?? 0), 0)
      if (delay > 0) await sleep(delay)

      const last = sent[sent.length - 1]
      if (verdict.outcome === 'blocked' || last === undefined) {
        if (verdict.message !== undefined) settings.log?.(verdict.message)
        // fetch() rejects with a TypeError; the environment picks its text, as it does for any network error.
        return HttpResponse.error()
      }
      const passOrigin = request.headers.get('origin') ?? settings.origin
      return allowedResponse(verdict, last, page.method ?? 'GET', passOrigin, environmentFiltersResponse(request))
    },
  )

  const list = [handler]
  return Object.assign(list, {
    journal,
    scenario: settings.scenario,
    reset() {
      preflightCache.clear()
      jar.clear()
      journal.clear()
      routes.reset()
    },
  })
}
