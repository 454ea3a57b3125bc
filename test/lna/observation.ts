import type { Arrival } from './servers.ts'

/**
 * What a browser did with one case. `pending`: the request had not settled after `pendingMs` (the
 * browser waits for the user to answer its permission prompt); `threw`: fetch() refused the
 * arguments before sending anything.
 */
export interface LnaObservation {
  outcome: 'allowed' | 'blocked' | 'opaque' | 'opaqueredirect' | 'threw' | 'pending'
  status?: number
  /** What the promise rejected with (`TypeError: ...`), or XHR's `error event, status 0`. */
  error?: string
  /** Console lines (errors and warnings) the case printed, or null where the driver gives none. */
  console: string[] | null
  /** Every request that reached a server, preflights included, in arrival order. */
  arrivals: Arrival[]
  /** The page's origin and the URLs of the case as recorded (ports differ on each run). */
  pageOrigin: string
  url: string
  final: string
}

export const pendingMs = 3000

export interface PageArg {
  url: string
  init: Record<string, unknown>
  xhr: boolean
  pendingMs: number
}

export type PageResult = Pick<LnaObservation, 'outcome' | 'status' | 'error'>

/** Runs in the page: fetch (or XHR) once, and tell how it ended. Plain source, for every driver. */
export const pageScript = String(async ({ url, init, xhr, pendingMs }: PageArg): Promise<PageResult> => {
  if (xhr) {
    return new Promise((resolve) => {
      const request = new XMLHttpRequest()
      request.open(String(init['method'] ?? 'GET'), url)
      request.timeout = pendingMs
      request.onload = () => resolve({ outcome: 'allowed', status: request.status })
      request.onerror = () => resolve({ outcome: 'blocked', error: `XMLHttpRequest: error event, status ${request.status}` })
      request.ontimeout = () => resolve({ outcome: 'pending' })
      request.send()
    })
  }
  // The Request constructor reads the same dictionary: it tells arguments fetch() refuses apart.
  let refused = false
  try {
    new Request(url, init as RequestInit)
  } catch {
    refused = true
  }
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(pendingMs) } as RequestInit)
    await response.arrayBuffer().catch(() => undefined)
    if (response.type === 'opaque' || response.type === 'opaqueredirect') return { outcome: response.type, status: response.status }
    return { outcome: 'allowed', status: response.status }
  } catch (e) {
    const error = e as Error
    if (error.name === 'TimeoutError') return { outcome: 'pending' }
    return { outcome: refused ? 'threw' : 'blocked', error: `${error.name}: ${error.message}` }
  }
})
