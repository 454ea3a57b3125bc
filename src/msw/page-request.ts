import { redirectModes, requestModes } from '../engine/fetch-terms.ts'
import type { CredentialsMode, HeaderList, RedirectMode, PageRequest, RequestMode } from '../engine/index.ts'

// User-Agent values that Node's fetch, axios's http adapter, jsdom and happy-dom add by themselves.
// A page cannot have set them, and Chromium ignores a page's User-Agent anyway.
const environmentAgent = /^(node|undici)$|^axios\/|jsdom\/|HappyDOM\//

function addedByEnvironment(name: string, value: string): boolean {
  if (name !== 'user-agent') return false
  const navigatorAgent = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent
  return environmentAgent.test(value) || value === navigatorAgent
}

/**
 * The headers the page set, as far as the request shows them: the environment's own User-Agent
 * and the Origin it adds are left out (the engine adds Origin itself); forbidden names such as
 * Host and Connection stay in, because the engine drops them as fetch() does.
 */
export function pageHeaders(request: Request): HeaderList {
  const headers: HeaderList = []
  request.headers.forEach((value, name) => {
    const lower = name.toLowerCase()
    if (lower === 'origin' || addedByEnvironment(lower, value)) return
    headers.push([lower, value])
  })
  return headers
}

/**
 * The fetch() call behind an intercepted request, as the engine takes it. `credentials` is the
 * page's mode as credentials.ts learnt it (in Node the request itself always shows `same-origin`).
 */
export function pageRequest(request: Request, origin: string, credentials: CredentialsMode): PageRequest {
  return {
    url: request.url,
    origin,
    method: request.method,
    headers: pageHeaders(request),
    credentials,
    mode: (requestModes as readonly string[]).includes(request.mode) ? request.mode as RequestMode : 'cors',
    redirect: (redirectModes as readonly string[]).includes(request.redirect) ? request.redirect as RedirectMode : 'follow',
  }
}
