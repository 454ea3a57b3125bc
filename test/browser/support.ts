import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
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

export async function startPageOrigin(): Promise<PageOrigin> {
  const server: Server = createServer((request, response) => {
    if ((request.url ?? '/').split('?')[0] !== '/') {
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
