import { credentialsModes } from '../engine/fetch-terms.ts'
import { normalizeMethod } from '../engine/request.ts'
import type { CredentialsMode } from '../engine/types.ts'

/*
 * How the handlers learn a request's credentials mode (measured with msw 3.0 and
 * @mswjs/interceptors 0.45 on Node 24):
 *
 * - In a page (setupWorker), the request the worker hands over carries the page's own mode.
 * - In Node, MSW intercepts at the socket: the client writes HTTP bytes and the interceptors parse
 *   them into a new Request, whose credentials mode is always `same-origin`
 *   (interceptors/http/http-parser.ts). The fetch interceptor keeps the page's Request only as the
 *   event's `initiator`, which msw's InterceptorSource does not hand to handlers. The
 *   XMLHttpRequest interceptor alone restores `include` from `withCredentials` (jsdom's and
 *   happy-dom's XHR). So Node's fetch, jsdom's fetch (Node's) and happy-dom's fetch all arrive as
 *   `same-origin`, and so does every request of axios's http adapter, which never passes
 *   `withCredentials` on (Node has no cookie store).
 *
 * So, in Node, corslab observes the environment's own fetch() and XMLHttpRequest: each call in
 * flight is noted as method + URL -> credentials mode, and the handler reads the note for the
 * request it gets. A request with no note (axios's http adapter, node:http, a fetch kept from
 * before the observer was put in place), or with notes that disagree (two calls in flight to the
 * same URL with different modes), is unknown.
 */

/** A request's credentials mode, and whether the request showed it. */
export interface PageCredentials {
  mode: CredentialsMode
  known: boolean
  /** The client that sent it, where the observer saw the call. */
  via: 'fetch' | 'xhr' | null
}

interface Note {
  mode: CredentialsMode
  via: 'fetch' | 'xhr'
}

const modes: readonly string[] = credentialsModes
const observed = Symbol.for('corslab.msw.observed')
// One table for every copy of this module (Vitest may load it once per test file in one process).
const notesKey = Symbol.for('corslab.msw.callsInFlight')

type Scope = typeof globalThis & { [notesKey]?: Map<string, Note[]> }

function notes(): Map<string, Note[]> {
  const scope = globalThis as Scope
  scope[notesKey] ??= new Map()
  return scope[notesKey]
}

/** Node (also under jsdom and happy-dom) rebuilds every intercepted request from its bytes. */
function rebuiltFromBytes(): boolean {
  const versions = (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions
  return typeof versions?.node === 'string'
}

// A URL as it reaches the handler: resolved against the page, without its fragment (never sent).
function keyOf(method: string, url: string): string | null {
  const base = (globalThis as { location?: { href?: unknown } }).location?.href
  const parsed = URL.parse(url, typeof base === 'string' ? base : undefined)
  if (parsed === null) return null
  parsed.hash = ''
  return `${normalizeMethod(method)} ${parsed.href}`
}

// Notes a call until it settles; the returned function removes the note (once).
function note(key: string, entry: Note): () => void {
  const table = notes()
  const list = table.get(key) ?? []
  list.push(entry)
  table.set(key, list)
  let done = false
  return () => {
    if (done) return
    done = true
    const current = table.get(key)
    const index = current?.indexOf(entry) ?? -1
    if (current === undefined || index < 0) return
    current.splice(index, 1)
    if (current.length === 0) table.delete(key)
  }
}

interface RequestLike {
  url: string
  method: string
  credentials: string
}

function isRequestLike(value: unknown): value is RequestLike {
  return typeof value === 'object' && value !== null && !(value instanceof URL) && typeof (value as RequestLike).url === 'string'
}

// What fetch(input, init) will send, read without touching the body.
function fetchCall(input: unknown, init: unknown): { key: string, mode: CredentialsMode } | null {
  const options = (typeof init === 'object' && init !== null ? init : {}) as { method?: unknown, credentials?: unknown }
  const request = isRequestLike(input) ? input : null
  const method = options.method ?? request?.method ?? 'GET'
  const mode = options.credentials ?? request?.credentials ?? 'same-origin'
  if (typeof method !== 'string' || !modes.includes(mode as string)) return null
  const key = keyOf(method, request?.url ?? String(input))
  return key === null ? null : { key, mode: mode as CredentialsMode }
}

function observeFetch(scope: { fetch?: unknown }): void {
  const current = scope.fetch
  if (typeof current !== 'function' || observed in current) return
  const fetchObserved = function (this: unknown, input: unknown, init?: unknown): unknown {
    const call = fetchCall(input, init)
    if (call === null) return Reflect.apply(current, this, [input, init])
    const done = note(call.key, { mode: call.mode, via: 'fetch' })
    try {
      const result = Reflect.apply(current, this, [input, init]) as Promise<unknown>
      // The handler runs before the call settles; after that, the note would mislead a later call.
      void Promise.resolve(result).then(done, done)
      return result
    } catch (error) {
      done()
      throw error
    }
  }
  Object.defineProperty(fetchObserved, observed, { value: true })
  // MSW's own patch leaves fetch configurable but read-only; happy-dom's is an accessor.
  const own = Object.getOwnPropertyDescriptor(scope, 'fetch')
  if (own === undefined || own.configurable === true) Object.defineProperty(scope, 'fetch', { value: fetchObserved, writable: true, enumerable: own?.enumerable ?? true, configurable: true })
  else if (own.writable === true) scope.fetch = fetchObserved
}

interface XhrLike {
  withCredentials: boolean
  addEventListener(type: string, listener: () => void, options?: { once?: boolean }): void
}

function observeXhr(scope: { XMLHttpRequest?: unknown }): void {
  const prototype = (scope.XMLHttpRequest as { prototype?: Record<string, unknown> } | undefined)?.prototype
  const open = prototype?.open
  const send = prototype?.send
  if (prototype === undefined || typeof open !== 'function' || typeof send !== 'function' || observed in send) return
  const opened = new WeakMap<object, string>()
  // MSW's XHR interceptor binds each new instance's send() to the prototype's at construction,
  // so an XHR made after this still reaches the observer.
  const openObserved = function (this: object, ...args: unknown[]): unknown {
    const result = Reflect.apply(open, this, args)
    const key = typeof args[0] === 'string' ? keyOf(args[0], String(args[1])) : null
    if (key === null) opened.delete(this)
    else opened.set(this, key)
    return result
  }
  const sendObserved = function (this: XhrLike, ...args: unknown[]): unknown {
    const key = opened.get(this)
    if (key === undefined) return Reflect.apply(send, this, args)
    const done = note(key, { mode: this.withCredentials ? 'include' : 'same-origin', via: 'xhr' })
    this.addEventListener('loadend', done, { once: true })
    try {
      return Reflect.apply(send, this, args)
    } catch (error) {
      done()
      throw error
    }
  }
  Object.defineProperty(sendObserved, observed, { value: true })
  prototype.open = openObserved
  prototype.send = sendObserved
}

/**
 * Puts the observer on the environment's fetch() and XMLHttpRequest (in Node only; a page's
 * requests carry their mode). Idempotent; a fetch that MSW or a test replaced since is observed anew.
 */
export function observeCredentials(): void {
  if (!rebuiltFromBytes()) return
  observeFetch(globalThis as { fetch?: unknown })
  observeXhr(globalThis as { XMLHttpRequest?: unknown })
}

/** The credentials mode of the page's call behind `request`, and whether it could be told. */
export function pageCredentials(request: Request): PageCredentials {
  const own = modes.includes(request.credentials) ? request.credentials as CredentialsMode : 'same-origin'
  if (!rebuiltFromBytes()) return { mode: own, known: true, via: null }
  // Only the XHR interceptor sets `include`, from withCredentials.
  if (own === 'include') return { mode: 'include', known: true, via: 'xhr' }
  const key = keyOf(request.method, request.url)
  const calls = key === null ? [] : notes().get(key) ?? []
  const seen = new Set(calls.map((c) => c.mode))
  const first = calls[0]
  if (seen.size === 1 && first !== undefined) return { mode: first.mode, known: true, via: calls.every((c) => c.via === first.via) ? first.via : null }
  return { mode: own, known: false, via: null }
}
