import { HttpResponse } from 'msw'
import { safelistedResponseHeaders } from '../engine/fetch-terms.ts'
import type { Verdict } from '../engine/index.ts'
import type { Sent } from './exchange.ts'

// https://fetch.spec.whatwg.org/#null-body-status
const nullBodyStatus = new Set([101, 103, 204, 205, 304])


function bodyOf(last: Sent, method: string, status: number): BodyInit | null {
  if (method === 'HEAD' || nullBodyStatus.has(status)) return null
  // The user's Response keeps its body as made (a stream stays a stream), whatever status a fault set,
  // as the server sends the route's body.
  if (last.response !== undefined && last.answer.from === 'route') return last.response.body
  const body = last.answer.body
  if (body === undefined) return null
  return typeof body === 'string' ? body : new Uint8Array(body)
}

/**
 * What the page receives when the engine lets the request through: the last answer's status and
 * body (the user's own Response where it made one), with only the headers the page can read (the
 * engine's `exposedHeaders`). Where the
 * environment checks or filters CORS itself (`filtered`), the response also carries an allowing
 * Access-Control-Allow-Origin/-Credentials and an Access-Control-Expose-Headers that names exactly
 * the readable headers, so the environment neither blocks it nor hides more or less than the engine says.
 */
export function allowedResponse(verdict: Verdict, last: Sent, method: string, origin: string, filtered: boolean): Response {
  const status = last.answer.status
  const own = verdict.outcome === 'allowed' && !filtered ? ownResponse(verdict, last, status) : null
  if (own !== null) return own
  const headers = new Headers()
  if (verdict.outcome === 'allowed') {
    const readable = new Set(verdict.exposedHeaders ?? [])
    for (const [name, value] of last.answer.headers) if (readable.has(name.toLowerCase())) headers.append(name, value)
    if (filtered) {
      if (!headers.has('access-control-allow-origin')) headers.set('access-control-allow-origin', origin)
      if (!headers.has('access-control-allow-credentials')) headers.set('access-control-allow-credentials', 'true')
      const named = [...readable].filter((name) => !safelistedResponseHeaders.has(name))
      headers.set('access-control-expose-headers', named.join(', '))
    }
  }
  // An opaque (no-cors) response shows nothing; a browser's own tainting hides the rest.
  const body = verdict.outcome === 'allowed' ? bodyOf(last, method, status) : null
  // A length with no body to match would keep the client waiting for bytes that never come.
  if (body === null && method !== 'HEAD') headers.delete('content-length')
  const statusText = last.response !== undefined && last.response.status === status ? last.response.statusText : ''
  return new HttpResponse(body, { status, statusText, headers })
}

// The user's own Response, trimmed to the readable headers in place, when the scenario left its
// status as it was (the common case): no copy of the response or of its body.
function ownResponse(verdict: Verdict, last: Sent, status: number): Response | null {
  const response = last.response
  if (response === undefined || last.answer.from !== 'route' || response.status !== status || response.bodyUsed) return null
  const readable = new Set(verdict.exposedHeaders ?? [])
  const wanted = last.answer.headers.filter(([name]) => readable.has(name.toLowerCase()))
  const names = new Set<string>()
  response.headers.forEach((_value, name) => names.add(name))
  try {
    for (const name of names) if (!readable.has(name)) response.headers.delete(name)
    // A fault may have set or removed a readable header (a Content-Language, say): the scenario's lines win.
    for (const name of new Set(wanted.map(([n]) => n.toLowerCase()))) {
      const values = wanted.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v)
      if (response.headers.get(name) !== values.join(', ')) {
        response.headers.delete(name)
        for (const value of values) response.headers.append(name, value)
      }
    }
  } catch {
    // Immutable headers (a Response.redirect(), say): build a new response instead.
    return null
  }
  return response
}
