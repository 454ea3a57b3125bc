import type { AnswerRequest } from '../engine/index.ts'
import { answer, prepareAnswer, routeNotFound as notFound } from '../scenarios/answer.ts'
import { copyHeaderList } from '../scenarios/headers.ts'
import type { ScenarioAnswer, ScenarioRequest } from '../scenarios/types.ts'
import type { AnswerSource, Sent } from './exchange.ts'
import type { Settings } from './options.ts'
import type { Routes } from './routes.ts'
import { pathUnder, siteOf, type Site } from './target.ts'

/**
 * The server's answers, as `corslab serve` gives them: `answer()` of src/scenarios (the one function
 * the server uses too) around the route's answer. `original` is the page's request as intercepted;
 * the route sees it as it came for the first URL (body included), and a rebuilt request for a
 * preflight or a redirect's next URL. `cookieFor` gives the browser's Cookie header for a URL
 * (never sent with a preflight).
 */
export function answerSource(settings: Settings, routes: Routes, original: Request, cookieFor: (url: string) => string | null = () => null): AnswerSource {
  const { target } = settings

  const locate = (need: AnswerRequest): { url: URL, site: Site | null } => {
    const url = new URL(need.url)
    const path = pathUnder(url, target, need.hop > 0)
    if (path === null) return { url, site: null }
    const site = siteOf(path, settings.scenario, settings.scenarios)
    return { url, site: 'unknown' in site ? null : site }
  }

  const scenarioRequest = (need: AnswerRequest, url: URL, site: Site): ScenarioRequest => ({
    method: need.method,
    path: site.path,
    // The Host header gives the scenario's {altOrigin}, as on the server.
    headers: [['host', url.host], ...need.headers],
  })

  // The request a route sees: the page's own for the first URL when its path is the route's path,
  // else one rebuilt at the target's URL for the path under the scenario.
  const routeRequest = async (need: AnswerRequest, url: URL, site: Site | null): Promise<Request> => {
    const page = need.kind === 'response' && need.hop === 0
    if (site === null) return page ? original : new Request(url, { method: need.method, headers: need.headers })
    const routeUrl = `${target.origin}${target.base}${site.path}`
    if (!page) return new Request(routeUrl, { method: need.method, headers: need.headers })
    if (routeUrl === original.url) return original
    const body = original.body === null || need.method === 'GET' || need.method === 'HEAD' ? null : await original.arrayBuffer()
    return new Request(routeUrl, { method: need.method, headers: original.headers, body })
  }

  return {
    now(need) {
      // The CORS layer answers by itself only an OPTIONS (a preflight, or the strict-preflight 400).
      if (need.method !== 'OPTIONS') return null
      const { url, site } = locate(need)
      if (site === null) return null
      const prepared = prepareAnswer(site.scenario, scenarioRequest(need, url, site))
      return prepared.fromCors ? { need, site, answer: prepared.complete() } : null
    },
    async later(need): Promise<Sent> {
      const { url, site } = locate(need)
      const request = await routeRequest(need, url, site)
      const cookie = need.kind === 'response' ? cookieFor(need.url) : null
      if (site === null) {
        // A redirect out of the target: the user's handlers answer as they are, with no scenario.
        const { route, response } = settings.handlers === null
          ? { route: notFound(need.method, url.pathname), response: undefined }
          : await routes.answer(request, url.pathname + url.search, cookie)
        const raw: ScenarioAnswer = { status: route.status, headers: copyHeaderList(route.headers), preflight: need.kind === 'preflight', from: 'route' }
        if (route.body !== undefined) raw.body = route.body
        return { need, site, answer: raw, ...(response === undefined ? {} : { response }) }
      }
      const { route, response } = await routes.answer(request, site.path, cookie)
      const full = answer(site.scenario, scenarioRequest(need, url, site), route)
      return { need, site, answer: full, ...(response === undefined ? {} : { response }) }
    },
  }
}
