import type { BrowserPage } from '../support/browsers/index.ts'
import type { FetchResult, GroundTruthCase, Observation } from './case.ts'
import type { ReplayServer } from './replay-server.ts'

export interface RunCaseOptions {
  /** How long to wait after the last fetch settles for console lines to arrive (default 300 ms). */
  settleMs?: number
  /** Navigate the page to the PAGE origin first (default true). */
  navigate?: boolean
}

interface PageArg {
  url: string
  init: RequestInit
  repeat: number
  readHeaders: string[] | null
}

interface PageResult {
  constructorError: string | null
  results: FetchResult[]
}

/** Runs in the page: builds a Request first (to tell a synchronous TypeError apart), then fetches. */
const pageScript = String(async ({ url, init, repeat, readHeaders }: PageArg): Promise<PageResult> => {
  const describe = (e: unknown): string => {
    const err = e as { name?: unknown; message?: unknown } | null
    return err && typeof err.name === 'string' ? `${err.name}: ${String(err.message)}` : String(e)
  }
  let constructorError: string | null = null
  try {
    new Request(url, init)
  } catch (e) {
    constructorError = describe(e)
  }
  const results: FetchResult[] = []
  for (let i = 0; i < repeat; i++) {
    try {
      const r = await fetch(url, init)
      const res: FetchResult = {
        outcome: r.type === 'opaque' || r.type === 'opaqueredirect' ? 'opaque' : 'allowed',
        status: r.status,
        type: r.type,
        headerNames: [...r.headers.keys()],
      }
      if (readHeaders) {
        const readable: Record<string, string | null> = {}
        for (const h of readHeaders) readable[h] = r.headers.get(h)
        res.readable = readable
      }
      try {
        await r.arrayBuffer()
      } catch {
        /* body errors are not what is observed */
      }
      results.push(res)
    } catch (e) {
      results.push({ outcome: 'blocked', error: describe(e) })
    }
  }
  return { constructorError, results }
})

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * Runs one case in `page` (whose origin becomes PAGE): registers it under a fresh id, so no
 * preflight-cache entry of an earlier run applies, fetches, waits for console lines, and reports
 * what the page saw and what reached the server.
 */
export async function runCase(page: BrowserPage, server: ReplayServer, c: GroundTruthCase, options: RunCaseOptions = {}): Promise<Observation> {
  const { id, url } = server.register(c)
  try {
    if (options.navigate ?? true) await page.goto(`${server.page}/`)
    // Clears what navigating printed; null means this browser gives no console, so no settling.
    const hasConsole = page.takeConsole() !== null
    const init: RequestInit = {}
    const r = c.request
    if (r.method !== undefined) init.method = r.method
    if (r.headers !== undefined) init.headers = r.headers
    if (r.credentials !== undefined) init.credentials = r.credentials
    if (r.mode !== undefined) init.mode = r.mode
    if (r.redirect !== undefined) init.redirect = r.redirect
    const arg: PageArg = { url, init, repeat: Math.max(1, r.repeat ?? 1), readHeaders: c.readHeaders ?? null }
    const { constructorError, results } = await page.evaluate<PageResult>(pageScript, arg)
    if (hasConsole) await sleep(options.settleMs ?? 300)
    const console = page.takeConsole()
    const requests = server.requests(id).map(({ hop, method, headers }) => ({ hop, method, headers }))
    const classified = results.map((res): FetchResult => {
      if (res.outcome === 'blocked' && constructorError?.startsWith('TypeError') && requests.length === 0) return { ...res, outcome: 'threw' }
      return res
    })
    const last = classified[classified.length - 1] ?? { outcome: 'threw', error: constructorError ?? 'no fetch ran' }
    const obs: Observation = { ...last, console, requests }
    if (classified.length > 1) obs.repeats = classified
    return obs
  } finally {
    server.unregister(id)
  }
}
