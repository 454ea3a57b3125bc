import { HttpResponse } from 'msw'

/*
 * What the test environments do about CORS on their own, and how the handlers stay out of the way
 * (how each shows the page's credentials mode is in credentials.ts):
 *
 * - Node's fetch (undici) and axios's http adapter: nothing. No Origin header, no preflight, no
 *   check, every response header readable. The engine is the only judge.
 * - jsdom's XMLHttpRequest: sends its own preflight (OPTIONS with Origin and
 *   Access-Control-Request-*) when the method is not GET/HEAD/POST or a header name is not
 *   safelisted (by name only), then checks Access-Control-Allow-Origin (and -Credentials with
 *   withCredentials) on the actual response and hides the headers Access-Control-Expose-Headers
 *   does not list. jsdom's fetch is Node's.
 * - happy-dom's fetch and XMLHttpRequest: send an OPTIONS before every cross-origin request and
 *   refuse unless it is 2xx with Access-Control-Allow-Origin `*` or the page's origin and a method
 *   list that holds the method; the actual response is not checked. happy-dom's Request drops
 *   Origin and Access-Control-Request-* before MSW sees them, so its OPTIONS shows only its
 *   User-Agent.
 * - A page with MSW's service worker: no preflight reaches the worker, and its answer skips the
 *   browser's CORS check. Chromium does not filter its headers either (measured: an
 *   Access-Control-Allow-Origin the worker sends is readable by the page), so the answer must hold
 *   exactly the headers the page may read.
 *
 * So: an environment's own preflight is answered with a pass, and the engine decides when the
 * actual request arrives (with its model of the preflight the browser would have sent); where the
 * environment checks or filters the actual response, a response the engine allows carries the
 * headers that make the environment agree and show exactly the headers the engine says are readable.
 */

/** An OPTIONS the environment sent on its own before the page's request (jsdom's XHR, happy-dom). */
export function isEnvironmentPreflight(request: Request): boolean {
  if (request.method !== 'OPTIONS') return false
  // A page cannot set Access-Control-Request-Method (a forbidden header), so jsdom sent it.
  if (request.headers.has('access-control-request-method')) return true
  return /HappyDOM\//.test(request.headers.get('user-agent') ?? '')
}

/** A pass for the environment's own preflight, so that only the engine can block. */
export function passPreflight(request: Request, origin: string): Response {
  const method = request.headers.get('access-control-request-method')
  const headers = request.headers.get('access-control-request-headers')
  return new HttpResponse(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': request.headers.get('origin') ?? origin,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': method ?? '*',
      'access-control-allow-headers': headers ?? '*',
    },
  })
}

/**
 * Does something between the handler and the page check or filter the response's CORS headers?
 * jsdom's XHR does, and it is the one that sends its own Origin header; Node's fetch, happy-dom
 * (whose Request drops Origin) and a page's service worker do not.
 */
export function environmentFiltersResponse(request: Request): boolean {
  return request.headers.has('origin')
}
