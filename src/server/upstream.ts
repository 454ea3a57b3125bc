import { CorslabError } from '../errors.ts'
import { headerNameMatcher } from '../scenarios/headers.ts'
import type { RouteAnswer } from '../scenarios/index.ts'
import { json, type RouteHandler, type RouteRequest } from '../shared/route-handler.ts'

// Hop-by-hop headers, and what Node's fetch sets itself or refuses.
const notForwarded = ['connection', 'keep-alive', 'proxy-*', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length', 'expect']
// The upstream sees a plain request: the scenario, not the upstream, answers CORS.
const corsRequestHeaders = ['origin', 'access-control-request-*']
// Node's fetch decodes the body, so its encoding and length no longer hold.
const notReturned = ['connection', 'keep-alive', 'proxy-*', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'content-length', 'content-encoding', 'access-control-*']

const dropRequest = [...notForwarded, ...corsRequestHeaders].map(headerNameMatcher)
const dropResponse = notReturned.map(headerNameMatcher)

export const upstreamTimeoutMs = 30_000

export function parseUpstream(value: string): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new CorslabError('E_USAGE', `--upstream ${JSON.stringify(value)} is not a URL. Give the backend's base URL, such as http://localhost:8080.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CorslabError('E_USAGE', `--upstream ${value} must be an http: or https: URL, such as http://localhost:8080.`)
  }
  return url
}

/** Marks an answer as the upstream's, as a proxy does (RFC 9110 7.6.3); the journal and dashboard read it. */
export const viaCorslab = '1.1 corslab'

/** Whether an answer's header lines say that it came from the upstream. */
export function fromUpstream(headers: ReadonlyArray<readonly [string, string]>): boolean {
  return headers.some(([name, value]) => name.toLowerCase() === 'via' && value.includes(viaCorslab))
}

/**
 * Forwards each request to `base` + its path (Node's fetch, redirects not followed), without the
 * Origin and Access-Control-Request-* headers; the answer comes back without the upstream's
 * Access-Control-* headers, so only the scenario's apply, and with `Via: 1.1 corslab` added. An
 * unreachable upstream is a 502, and a line to `log`.
 */
export function createUpstream(base: URL, log: (line: string) => void = () => {}): RouteHandler {
  const prefix = base.href.replace(/\/$/, '')
  return {
    async handle(request: RouteRequest): Promise<RouteAnswer> {
      const target = prefix + request.path
      const headers = new Headers()
      for (const [name, value] of request.headers) {
        if (dropRequest.some((m) => m(name))) continue
        try {
          headers.append(name, value)
        } catch {}
      }
      const hasBody = request.body !== undefined && request.body.length > 0 && request.method !== 'GET' && request.method !== 'HEAD'
      try {
        const response = await fetch(target, {
          method: request.method,
          headers,
          ...(hasBody ? { body: request.body as Uint8Array<ArrayBuffer> } : {}),
          redirect: 'manual',
          signal: AbortSignal.timeout(upstreamTimeoutMs),
        })
        const lines: Array<[string, string]> = []
        response.headers.forEach((value, name) => {
          if (name !== 'set-cookie' && !dropResponse.some((m) => m(name))) lines.push([name, value])
        })
        for (const cookie of response.headers.getSetCookie()) lines.push(['set-cookie', cookie])
        const via = lines.findIndex(([name]) => name === 'via')
        if (via === -1) lines.push(['via', viaCorslab])
        else lines[via] = ['via', `${lines[via]?.[1]}, ${viaCorslab}`]
        const body = new Uint8Array(await response.arrayBuffer())
        return { status: response.status, headers: lines, body }
      } catch (error) {
        const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message
        log(`corslab: the upstream did not answer ${request.method} ${target} (${cause}); the page got a 502. Is the backend running at ${prefix}?`)
        return json(502, { error: `the upstream ${target} did not answer: ${cause}` })
      }
    },
    describe: () => [`*      ${prefix}/* (proxied)`],
  }
}
