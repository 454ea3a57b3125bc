import { getResponse, isPassthroughResponse, type RequestHandler } from 'msw'
import type { HeaderList } from '../engine/index.ts'
import type { RouteAnswer } from '../scenarios/types.ts'
import { routeNotFound as notFound } from '../scenarios/answer.ts'
import { createMockApi } from '../shared/mock-api.ts'

/** What answers behind the scenario, before CORS: the user's MSW handlers or the default mock API. */
export interface Routes {
  /**
   * The route's answer to `request`; `path` is its path and query under the scenario. `response`
   * is the user's own Response, kept so that its body reaches the page as it was made. `cookie`
   * is the Cookie header the browser adds from its jar (a Request cannot carry one in a page);
   * the mock API reads it, your handlers get the request as it came.
   */
  answer(request: Request, path: string, cookie?: string | null): Promise<{ route: RouteAnswer, response?: Response }>
  /** Back to the first state (the default API's items). */
  reset(): void
}

function headerLines(headers: Headers): HeaderList {
  const lines: HeaderList = []
  headers.forEach((value, name) => lines.push([name, value]))
  return lines
}

function pathname(path: string): string {
  return path.split('?')[0] ?? path
}

/** The user's handlers, first match wins (as in setupServer); nobody answering gives the server's 404. */
export function userRoutes(handlers: readonly RequestHandler[]): Routes {
  const list = [...handlers]
  return {
    async answer(request, path) {
      const response = await getResponse(list, request)
      // passthrough() asks for the real network, which a mocked API does not have: treat it as no answer.
      if (response === undefined || isPassthroughResponse(response)) return { route: notFound(request.method, pathname(path)) }
      return { route: { status: response.status, headers: headerLines(response.headers) }, response }
    },
    reset() {
      for (const handler of list) handler.restore()
    },
  }
}

/** The same default API as `corslab serve`: items, /api/me, /api/slow, /api/error/:status. */
export function defaultRoutes(): Routes {
  let api = createMockApi()
  return {
    async answer(request, path, cookie) {
      const bytes = request.method === 'GET' || request.method === 'HEAD' ? undefined : new Uint8Array(await request.arrayBuffer())
      const headers = headerLines(request.headers)
      if (cookie != null) {
        const own = headers.findIndex(([name]) => name === 'cookie')
        if (own < 0) headers.push(['cookie', cookie])
        else headers[own] = ['cookie', `${(headers[own] as [string, string])[1]}; ${cookie}`]
      }
      const route = api.handle({
        method: request.method,
        path,
        headers,
        ...(bytes === undefined ? {} : { body: bytes }),
      })
      return { route }
    },
    reset() {
      api = createMockApi()
    },
  }
}
