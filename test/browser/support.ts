import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { JournalEntry } from '../../src/server/index.ts'
import type { BrowserPage } from '../support/browsers/index.ts'

/**
 * The page's origin: a blank page on its own port, so every probe the page sends to the API is a
 * real cross-origin request. (The dashboard's page origin would do too, but its script opens an
 * event stream and calls the control API, which adds console lines and requests we do not want.)
 */
export interface PageOrigin {
  /** `http://127.0.0.1:PORT`, the page's serialized origin. */
  origin: string
  close(): Promise<void>
}

// axios's browser bundle, served from the page's origin as an app would serve it.
const axiosBundle = fileURLToPath(new URL('../../node_modules/axios/dist/axios.min.js', import.meta.url))

export async function startPageOrigin(): Promise<PageOrigin> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]
    if (path === '/axios.min.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(readFileSync(axiosBundle))
      return
    }
    if (path !== '/') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
      return
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end('<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>probe page</title></head><body></body></html>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

/** The server's journal, read from Node (no Origin, so it is not a CORS request itself). */
export async function readJournal(apiUrl: string): Promise<JournalEntry[]> {
  const response = await fetch(`${apiUrl}/__corslab/journal`)
  if (!response.ok) throw new Error(`GET /__corslab/journal answered ${response.status}`)
  return (await response.json()) as JournalEntry[]
}

export async function lastJournalId(apiUrl: string): Promise<number> {
  return (await readJournal(apiUrl)).reduce((max, entry) => Math.max(max, entry.id), 0)
}

/** What one fetch() of the probe did in the page. */
export interface PageRun {
  outcome: 'allowed' | 'blocked' | 'opaque'
  status?: number
  /** `${name}: ${message}` of the rejection, when blocked. */
  error?: string
  /** Each of the probe's readHeaders: its value, or null when the page cannot read it. */
  readable: Record<string, string | null>
}

export interface FetchArg {
  url: string
  init: RequestInit
  readHeaders: string[]
}

// Runs in the page: one fetch, its body read to the end, the rejection described when it fails.
const fetchOnce = String(async ({ url, init, readHeaders }: FetchArg): Promise<PageRun> => {
  try {
    const response = await fetch(url, init)
    const readable: Record<string, string | null> = {}
    for (const name of readHeaders) readable[name] = response.headers.get(name)
    try {
      await response.arrayBuffer()
    } catch {}
    return { outcome: response.type === 'opaque' ? 'opaque' : 'allowed', status: response.status, readable }
  } catch (error) {
    const e = error as { name?: unknown, message?: unknown }
    return { outcome: 'blocked', error: `${String(e.name)}: ${String(e.message)}`, readable: {} }
  }
})

export function fetchInPage(page: BrowserPage, arg: FetchArg): Promise<PageRun> {
  return page.evaluate<PageRun>(fetchOnce, arg)
}

/** One request as XMLHttpRequest (or axios) sends it. */
export interface XhrArg {
  url: string
  method: string
  headers: Record<string, string>
  withCredentials: boolean
  /** The body passed to send() (axios: `data`); null sends none. */
  body: string | null
  readHeaders: string[]
}

/** What axios rejected with: the fields a frontend reads off an AxiosError. */
export interface AxiosFailure {
  name: string
  message: string
  code: string | null
  isAxiosError: boolean
  /** error.response: undefined (null here) for a network error. */
  response: number | null
  /** error.request.status: what the XMLHttpRequest under axios saw. */
  requestStatus: number | null
}

// Runs in the page: one XMLHttpRequest, the error event described by the status it leaves.
const xhrOnce = String(async ({ url, method, headers, withCredentials, body, readHeaders }: XhrArg): Promise<PageRun> =>
  new Promise<PageRun>((resolve) => {
    const xhr = new XMLHttpRequest()
    xhr.open(method, url, true)
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value)
    xhr.withCredentials = withCredentials
    xhr.onload = () => {
      const readable: Record<string, string | null> = {}
      for (const name of readHeaders) readable[name] = xhr.getResponseHeader(name)
      resolve({ outcome: 'allowed', status: xhr.status, readable })
    }
    xhr.onerror = () => resolve({ outcome: 'blocked', error: `error event, status ${xhr.status}`, readable: {} })
    xhr.send(body)
  }))

export function xhrInPage(page: BrowserPage, arg: XhrArg): Promise<PageRun> {
  return page.evaluate<PageRun>(xhrOnce, arg)
}

// Runs in the page: the same request through axios (loaded by loadAxios), as an app calls it.
const axiosOnce = String(async ({ url, method, headers, withCredentials, body, readHeaders }: XhrArg): Promise<PageRun & { axios?: AxiosFailure }> => {
  const axios = (window as unknown as { axios: (config: object) => Promise<{ status: number, headers: { get(name: string): unknown } }> }).axios
  try {
    const response = await axios({ url, method, headers, withCredentials, ...(body === null ? {} : { data: body }), responseType: 'text' })
    const readable: Record<string, string | null> = {}
    for (const name of readHeaders) {
      const value = response.headers.get(name)
      readable[name] = value === undefined || value === null ? null : String(value)
    }
    return { outcome: 'allowed', status: response.status, readable }
  } catch (error) {
    const e = error as { name?: string, message?: string, code?: string, isAxiosError?: boolean, response?: { status: number }, request?: { status: number } }
    const failure: AxiosFailure = {
      name: String(e.name),
      message: String(e.message),
      code: e.code ?? null,
      isAxiosError: e.isAxiosError === true,
      response: e.response?.status ?? null,
      requestStatus: e.request?.status ?? null,
    }
    return { outcome: 'blocked', error: `${failure.name}: ${failure.message}`, readable: {}, axios: failure }
  }
})

export function axiosInPage(page: BrowserPage, arg: XhrArg): Promise<PageRun & { axios?: AxiosFailure }> {
  return page.evaluate<PageRun & { axios?: AxiosFailure }>(axiosOnce, arg)
}

/** Loads axios's browser bundle into the page from the page's own origin (a script element). */
export async function loadAxios(page: BrowserPage): Promise<void> {
  const loaded = await page.evaluate<string>(String(async () => {
    const w = window as unknown as { axios?: unknown }
    if (w.axios === undefined) {
      await new Promise<void>((resolve, reject) => {
        const script = document.createElement('script')
        script.src = '/axios.min.js'
        script.onload = () => resolve()
        script.onerror = () => reject(new Error('axios.min.js did not load'))
        document.head.append(script)
      })
    }
    return typeof w.axios
  }), null)
  if (loaded !== 'function') throw new Error(`axios did not load in the page (window.axios is ${loaded})`)
}

/**
 * Console lines until `wanted` is among them (or `ms` pass); the lines seen, in order. Console
 * events arrive after the fetch settles (Firefox's over BiDi especially): each one wakes the check.
 * With `wanted` never true, it is what the browser printed within `ms` (to see that it printed nothing).
 */
export async function consoleUntil(page: BrowserPage, wanted: (lines: string[]) => boolean, ms: number): Promise<string[] | null> {
  const first = page.takeConsole()
  if (first === null) return null
  const lines = [...first]
  const deadline = Date.now() + ms
  while (!wanted(lines) && Date.now() < deadline) {
    await page.nextConsole(deadline - Date.now())
    lines.push(...(page.takeConsole() ?? []))
  }
  return lines
}
