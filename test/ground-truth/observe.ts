import type { BrowserPage } from '../support/browsers/index.ts'
import type { FetchResult, GroundTruthCase, Observation, RunAddresses } from './case.ts'
import type { ReplayServer } from './replay-server.ts'

export interface RunCaseOptions {
  /**
   * How long to wait after the last request settles for console lines to arrive (default 300 ms);
   * with `consoleComplete`, the most to wait for it to hold (default 1500 ms).
   */
  settleMs?: number
  /**
   * For a run at these addresses, when its console lines are all there: the wait ends as soon as
   * they are, instead of after a fixed time. Null: wait the fixed time.
   */
  consoleComplete?: (run: RunAddresses) => ((lines: readonly string[]) => boolean) | null
  /** Navigate the page to the PAGE origin first (default true). */
  navigate?: boolean
}

interface FetchArg {
  url: string
  init: RequestInit
  repeat: number
  readHeaders: string[] | null
}

interface XhrArg {
  url: string
  method: string
  headers: Array<[string, string]>
  withCredentials: boolean
  body: string | null
  uploadListener: boolean
  repeat: number
  readHeaders: string[] | null
}

interface PageResult {
  constructorError: string | null
  results: FetchResult[]
}

/** Runs in the page: builds a Request first (to tell a synchronous TypeError apart), then fetches. */
const fetchScript = String(async ({ url, init, repeat, readHeaders }: FetchArg): Promise<PageResult> => {
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

/**
 * Runs in the page: XMLHttpRequest the way a page (or axios) uses it, asynchronous. An exception
 * from open(), setRequestHeader() or send() is `threw`; the error event is `blocked`, described by
 * the status the page sees then.
 */
const xhrScript = String(async ({ url, method, headers, withCredentials, body, uploadListener, repeat, readHeaders }: XhrArg): Promise<PageResult> => {
  const describe = (e: unknown): string => {
    const err = e as { name?: unknown; message?: unknown } | null
    return err && typeof err.name === 'string' ? `${err.name}: ${String(err.message)}` : String(e)
  }
  const once = () =>
    new Promise<FetchResult>((settle) => {
      const xhr = new XMLHttpRequest()
      // Firefox fires no event at all for an XHR redirected to a bad port: `pending` after 4 s, an
      // age for a request to loopback (the recordings of 8 s and of 4 s agree).
      const watchdog = setTimeout(() => settle({ outcome: 'blocked', error: `pending: no event, readyState ${xhr.readyState}` }), 4000)
      const resolve = (res: FetchResult) => {
        clearTimeout(watchdog)
        settle(res)
      }
      try {
        xhr.open(method, url, true)
        for (const [name, value] of headers) xhr.setRequestHeader(name, value)
        xhr.withCredentials = withCredentials
      } catch (e) {
        resolve({ outcome: 'threw', error: describe(e) })
        return
      }
      if (uploadListener) xhr.upload.onprogress = () => {}
      xhr.onload = () => {
        const headerNames = xhr
          .getAllResponseHeaders()
          .split('\r\n')
          .filter(Boolean)
          .map((line) => line.slice(0, line.indexOf(':')).toLowerCase())
        const res: FetchResult = { outcome: 'allowed', status: xhr.status, headerNames }
        if (readHeaders) {
          const readable: Record<string, string | null> = {}
          for (const h of readHeaders) readable[h] = xhr.getResponseHeader(h)
          res.readable = readable
        }
        resolve(res)
      }
      const failed = (event: string) => () => resolve({ outcome: 'blocked', error: `${event} event, status ${xhr.status}` })
      xhr.onerror = failed('error')
      xhr.onabort = failed('abort')
      xhr.ontimeout = failed('timeout')
      try {
        xhr.send(body)
      } catch (e) {
        resolve({ outcome: 'threw', error: describe(e) })
      }
    })
  const results: FetchResult[] = []
  for (let i = 0; i < repeat; i++) results.push(await once())
  return { constructorError: null, results }
})

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

// The page's console lines once `complete` holds for them, or all that came within `ms`.
async function consoleUntil(page: BrowserPage, complete: (lines: readonly string[]) => boolean, ms: number): Promise<string[]> {
  const lines: string[] = []
  const deadline = Date.now() + ms
  for (;;) {
    lines.push(...(page.takeConsole() ?? []))
    const left = deadline - Date.now()
    if (complete(lines) || left <= 0) return lines
    await page.nextConsole(left)
  }
}

// Headers only the browser sets (no page can): left out of recordings, which stay readable.
const browserOnly = /^(host|connection|content-length|user-agent|referer|accept-encoding|priority|te|sec-.*)$/

/** The request headers worth keeping: the page's own, Origin and the Access-Control-Request-* ones. */
export function pageHeaders(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) if (!browserOnly.test(name)) kept[name] = value
  return kept
}

/** The page script and its argument for one case. */
function pageCall(c: GroundTruthCase, url: string): { script: string; arg: FetchArg | XhrArg } {
  const r = c.request
  const repeat = Math.max(1, r.repeat ?? 1)
  const readHeaders = c.readHeaders ?? null
  if (r.initiator === 'xhr') {
    const method = r.method ?? 'GET'
    const bodyless = ['GET', 'HEAD'].includes(method.toUpperCase())
    const body = bodyless ? null : r.body !== undefined ? r.body : r.uploadListener ? 'x' : null
    const arg: XhrArg = {
      url,
      method,
      headers: r.headers ?? [],
      withCredentials: r.credentials === 'include',
      body,
      uploadListener: r.uploadListener ?? false,
      repeat,
      readHeaders,
    }
    return { script: xhrScript, arg }
  }
  const init: RequestInit = {}
  if (r.method !== undefined) init.method = r.method
  if (r.headers !== undefined) init.headers = r.headers
  if (r.credentials !== undefined) init.credentials = r.credentials
  if (r.mode !== undefined) init.mode = r.mode
  if (r.redirect !== undefined) init.redirect = r.redirect
  if (r.body !== undefined && r.body !== null) init.body = r.body
  return { script: fetchScript, arg: { url, init, repeat, readHeaders } }
}

/**
 * Runs one case in `page` (whose origin becomes PAGE): registers it under a fresh id, so no
 * preflight-cache entry of an earlier run applies, sends the request through fetch() or
 * XMLHttpRequest, waits for console lines, and reports what the page saw and what reached the server.
 */
export async function runCase(page: BrowserPage, server: ReplayServer, c: GroundTruthCase, options: RunCaseOptions = {}): Promise<Observation> {
  await server.listenFor(c)
  const { id, url } = server.register(c)
  try {
    if (options.navigate ?? true) await page.goto(`${server.page}/`)
    // Clears what navigating printed; null means this browser gives no console, so no settling.
    const hasConsole = page.takeConsole() !== null
    const { script, arg } = pageCall(c, url)
    const { constructorError, results } = await page.evaluate<PageResult>(script, arg)
    const complete = hasConsole ? options.consoleComplete?.({ page: server.page, api: server.api, other: server.other, id }) ?? null : null
    let console: string[] | null
    if (complete !== null) {
      console = await consoleUntil(page, complete, options.settleMs ?? 1500)
    } else {
      if (hasConsole) await sleep(options.settleMs ?? 300)
      console = page.takeConsole()
    }
    const requests = server.requests(id).map(({ hop, method, headers }) => ({ hop, method, headers: pageHeaders(headers) }))
    const classified = results.map((res): FetchResult => {
      if (res.outcome === 'blocked' && constructorError?.startsWith('TypeError') && requests.length === 0) return { ...res, outcome: 'threw' }
      return res
    })
    const last = classified[classified.length - 1] ?? { outcome: 'threw', error: constructorError ?? 'no request ran' }
    const obs: Observation = { run: { page: server.page, api: server.api, other: server.other, id }, ...last, console, requests }
    if (classified.length > 1) obs.repeats = classified
    return obs
  } finally {
    server.unregister(id)
  }
}
