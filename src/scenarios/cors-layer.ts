import type { HeaderList } from '../engine/index.ts'
import { getJoined, getValues, setHeader } from './headers.ts'
import type { CorsOptions, OriginPattern } from './types.ts'

/**
 * What @fastify/cors (v11, `hook: 'onRequest'`) does with one request, as pure data: the headers it
 * sets on the reply, and, when it answers by itself (a preflight, or the strict-preflight 400), that
 * answer. A test runs the real plugin beside this to keep the two equal.
 */
export interface CorsLayerResult {
  headers: HeaderList
  reply?: { status: number, headers: HeaderList, body: string }
  /** CORS is off (`origin: false`, or no layer): an OPTIONS goes on to the routes, which 404 it. */
  disabled: boolean
}

const defaults = {
  origin: '*' as NonNullable<CorsOptions['origin']>,
  methods: 'GET,HEAD,POST' as string | string[],
  credentials: false,
  exposedHeaders: null as string | string[] | null,
  allowedHeaders: null as string | string[] | null,
  maxAge: null as number | null,
  preflight: true,
  strictPreflight: true,
  optionsSuccessStatus: 204,
}

/** A request header as Node hands it to the plugin: repeated lines joined with `, `. */
export const requestHeader = getJoined

// The option set with its defaults, lists already joined as the plugin sends them.
interface Settings extends Omit<typeof defaults, 'methods' | 'exposedHeaders' | 'allowedHeaders'> {
  /** For a pattern or a list: whether the plugin reflects this request Origin (isRequestOriginAllowed). */
  allows: (origin: string) => boolean
  methods: string
  exposedHeaders: string | null
  allowedHeaders: string | null
}

function joined<T extends string | null>(value: T | string[]): T | string {
  return Array.isArray(value) ? value.join(', ') : value
}

// A scenario's option set is fixed once loaded: settle it once.
const settled = new WeakMap<CorsOptions, Settings>()

function settle(options: CorsOptions): Settings {
  let opts = settled.get(options)
  if (opts === undefined) {
    const merged = { ...defaults, ...options }
    const allowed = [merged.origin].flat().filter((o) => typeof o !== 'boolean').map((o) => (typeof o === 'string' ? o : new RegExp((o as OriginPattern).regex)))
    opts = {
      ...merged,
      allows: (origin) => allowed.some((a) => (typeof a === 'string' ? a === origin : a.test(origin))),
      // normalizeCorsOptions: a list holding '*' is the string '*'
      origin: Array.isArray(merged.origin) && merged.origin.includes('*') ? '*' : merged.origin,
      methods: joined(merged.methods),
      exposedHeaders: joined(merged.exposedHeaders),
      allowedHeaders: joined(merged.allowedHeaders),
    }
    settled.set(options, opts)
  }
  return opts
}

// The plugin's vary.js: append a field name unless Vary already lists it (or is `*`).
export function addVary(headers: HeaderList, field: string): void {
  const current = getValues(headers, 'Vary').join(', ')
  if (current === '') return setHeader(headers, 'Vary', field)
  const fields = current.split(',').map((f) => f.trim().toLowerCase())
  if (fields.includes('*') || fields.includes(field.toLowerCase())) return
  setHeader(headers, 'Vary', `${current}, ${field}`)
}

export function corsLayer(options: CorsOptions | undefined, method: string, requestHeaders: HeaderList): CorsLayerResult {
  const headers: HeaderList = []
  if (options === undefined) return { headers, disabled: true }
  const opts = settle(options)
  const origin = opts.origin
  if (origin === false) return { headers, disabled: true }
  // Each name below is set once, so a push is the plugin's reply.header; only Vary gets a second
  // field, in the place where its first one went (the plugin's vary.js appends to the same line).
  // Vary: Origin for every origin option that is not a fixed string.
  const varyOrigin = typeof origin !== 'string'
  if (varyOrigin) headers.push(['Vary', 'Origin'])

  const requestOrigin = requestHeader(requestHeaders, 'origin')
  const allowOrigin = typeof origin === 'string'
    ? origin
    : (origin === true || (requestOrigin !== undefined && opts.allows(requestOrigin))) ? requestOrigin : undefined
  // An origin that is not allowed gets no header at all (fastify-cors issue 127).
  if (allowOrigin) headers.push(['Access-Control-Allow-Origin', allowOrigin])
  if (opts.credentials) headers.push(['Access-Control-Allow-Credentials', 'true'])
  if (opts.exposedHeaders !== null) headers.push(['Access-Control-Expose-Headers', opts.exposedHeaders])

  if (method !== 'OPTIONS' || !opts.preflight) return { headers, disabled: false }

  const requestMethod = requestHeader(requestHeaders, 'access-control-request-method')
  if (opts.strictPreflight && (!requestOrigin || !requestMethod)) {
    const reply: HeaderList = [...headers, ['Content-Type', 'text/plain; charset=utf-8']]
    return { headers, reply: { status: 400, headers: reply, body: 'Invalid Preflight Request' }, disabled: false }
  }
  headers.push(['Access-Control-Allow-Methods', opts.methods])
  if (opts.allowedHeaders === null) {
    if (varyOrigin) headers[0] = ['Vary', 'Origin, Access-Control-Request-Headers']
    else headers.push(['Vary', 'Access-Control-Request-Headers'])
    const requested = requestHeader(requestHeaders, 'access-control-request-headers')
    if (requested !== undefined) headers.push(['Access-Control-Allow-Headers', requested])
  } else {
    headers.push(['Access-Control-Allow-Headers', opts.allowedHeaders])
  }
  if (opts.maxAge !== null) headers.push(['Access-Control-Max-Age', String(opts.maxAge)])
  // The plugin sends Content-Length: 0 so that Safari does not wait for a body after a 204.
  const reply: HeaderList = [...headers, ['Content-Length', '0']]
  return { headers, reply: { status: opts.optionsSuccessStatus, headers: reply, body: '' }, disabled: false }
}
