import { CorslabError } from '../errors.ts'
import {
  corsSafelistedMethods,
  credentialsModes,
  forbiddenMethods,
  forbiddenRequestHeaders,
  isToken,
  methodOverrideHeaders,
  noCorsSafelistedHeaderNames,
  normalizedMethods,
  redirectModes,
  requestModes,
  safelistedContentTypes,
} from './fetch-terms.ts'
import { normalizeValue, splitList, toHeaderList } from './http.ts'
import { isPotentiallyTrustworthy } from './address-space.ts'
import { isChromiumSafelistedHeader } from './chromium-safelist.ts'
import { checkOrder } from './header-order.ts'
import { parseUrl, type UrlParts } from './url.ts'
import { profiles } from './profiles.ts'
import { refusalOf, type Refusal } from './refusals.ts'
import {
  addressSpaces,
  type AddressSpace,
  type BrowserName,
  type CredentialsMode,
  type HeaderList,
  type Initiator,
  type RedirectMode,
  type PageRequest,
  type RequestMode,
} from './types.ts'

/** A request as fetch() builds it from what the page passed, before anything is sent. */
export interface ClassifiedRequest {
  url: UrlParts
  /** The page's serialized origin, or 'null'. */
  origin: string
  method: string
  /** The author headers fetch() keeps, names lower-cased: forbidden names dropped, repeated names combined. */
  headers: HeaderList
  /** Each lower-cased name as the page wrote it. */
  names: Record<string, string>
  /** The CORS-unsafe request-header names, as this browser counts them. */
  unsafeNames: string[]
  /** Lower-cased names fetch() silently dropped. */
  dropped: string[]
  credentials: CredentialsMode
  mode: RequestMode
  redirect: RedirectMode
  /** The page's address space, or null: no Local Network Access check. */
  addressSpace: AddressSpace | null
  /** fetch()'s `targetAddressSpace` as the page passed it, or null. */
  targetAddressSpace: string | null
  initiator: Initiator
  /**
   * XHR send()'s use-CORS-preflight flag: upload listeners, as this browser counts them. Every
   * cross-origin URL of the request then gets a preflight.
   */
  forcePreflight: boolean
  /** The request as the page made it needs a preflight wherever it goes cross-origin. */
  needsPreflight: boolean
  /**
   * The order this browser checks the request's header names against `Access-Control-Allow-Headers`,
   * worked out on the first call (Chromium's takes its header map's hashing: a few µs).
   */
  checkOrder: () => readonly string[]
  /** What fetch() or XMLHttpRequest refused before sending anything; null when the request goes. */
  refusal: Refusal | null
}

const initiators: readonly Initiator[] = ['fetch', 'xhr']

/** https://fetch.spec.whatwg.org/#concept-method-normalize */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase()
  return normalizedMethods.has(upper) ? upper : method
}

export function isCorsSafelistedMethod(method: string): boolean {
  return corsSafelistedMethods.has(method)
}

/**
 * https://fetch.spec.whatwg.org/#forbidden-request-header: a header fetch() silently drops.
 *
 * @example
 * isForbiddenRequestHeader('cookie', 'a=1') // true
 * isForbiddenRequestHeader('x-http-method-override', 'TRACE') // true
 */
export function isForbiddenRequestHeader(name: string, value: string): boolean {
  const lower = name.toLowerCase()
  if (forbiddenRequestHeaders.has(lower)) return true
  if (lower.startsWith('proxy-') || lower.startsWith('sec-')) return true
  if (methodOverrideHeaders.has(lower)) {
    return splitList(value).some((item) => forbiddenMethods.has(item.toUpperCase()))
  }
  return false
}

// https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte (control bytes are what it lists)
// oxlint-disable-next-line no-control-regex
const corsUnsafeByte = /[\x00-\x08\x0a-\x1f"():<>?@[\\\]{}\x7f]/

function hasCorsUnsafeByte(value: string): boolean {
  return corsUnsafeByte.test(value)
}

const languageByte = /^[0-9A-Za-z *,\-.;=]*$/

// https://mimesniff.spec.whatwg.org/#parse-a-mime-type, as far as the essence goes
function mimeEssence(value: string): string | null {
  const semicolon = value.indexOf(';')
  const head = normalizeValue(semicolon === -1 ? value : value.slice(0, semicolon))
  const slash = head.indexOf('/')
  if (slash === -1) return null
  const type = head.slice(0, slash)
  const subtype = normalizeValue(head.slice(slash + 1))
  if (!isToken(type) || !isToken(subtype)) return null
  return `${type}/${subtype}`.toLowerCase()
}

// https://fetch.spec.whatwg.org/#simple-range-header-value, with allowWhitespace false
function parseSingleRange(value: string): [number | null, number | null] | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(value)
  if (!match) return null
  const start = match[1] === '' ? null : Number(match[1])
  const end = match[2] === '' ? null : Number(match[2])
  if (start === null && end === null) return null
  if (start !== null && end !== null && start > end) return null
  return [start, end]
}

/**
 * https://fetch.spec.whatwg.org/#cors-safelisted-request-header: a header that needs no preflight.
 *
 * @example
 * isCorsSafelistedRequestHeader('content-type', 'text/plain') // true
 * isCorsSafelistedRequestHeader('content-type', 'application/json') // false
 */
export function isCorsSafelistedRequestHeader(name: string, value: string): boolean {
  if (value.length > 128) return false
  switch (name.toLowerCase()) {
    case 'accept':
      return !hasCorsUnsafeByte(value)
    case 'accept-language':
    case 'content-language':
      return languageByte.test(value)
    case 'content-type': {
      if (hasCorsUnsafeByte(value)) return false
      const essence = mimeEssence(value)
      return essence !== null && safelistedContentTypes.has(essence)
    }
    case 'range': {
      // A suffix range (`bytes=-500`) is not safelisted: step "If rangeValue[0] is null".
      const range = parseSingleRange(value)
      return range !== null && range[0] !== null
    }
    default:
      return false
  }
}

/** https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header */
export function isNoCorsSafelistedRequestHeader(name: string, value: string): boolean {
  return noCorsSafelistedHeaderNames.has(name.toLowerCase()) && isCorsSafelistedRequestHeader(name, value)
}

/**
 * https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names: the names that go, sorted and
 * lower-cased, into `Access-Control-Request-Headers`. `safelisted` is the browser's safelist (the
 * standard's by default).
 *
 * @example
 * corsUnsafeRequestHeaderNames([['content-type', 'application/json'], ['accept', 'text/plain']]) // ['content-type']
 */
export function corsUnsafeRequestHeaderNames(headers: HeaderList, safelisted: (name: string, value: string) => boolean = isCorsSafelistedRequestHeader): string[] {
  const unsafe: string[] = []
  let safelistValueSize = 0
  for (const [name, value] of headers) {
    if (safelisted(name, value)) safelistValueSize += value.length
    else addName(unsafe, name)
  }
  // Step 3: safelisted values that together exceed 1024 bytes all become unsafe.
  if (safelistValueSize > 1024) for (const [name, value] of headers) if (safelisted(name, value)) addName(unsafe, name)
  return unsafe.length > 1 ? unsafe.sort(byCodeUnit) : unsafe
}

/** The CORS-safelisted request headers as `browser` counts them: Chromium adds its own to the standard's. */
function safelistOf(browser: BrowserName): (name: string, value: string) => boolean {
  if (!profiles[browser].clientHintsSafelisted) return isCorsSafelistedRequestHeader
  return (name, value) => isCorsSafelistedRequestHeader(name, value) || isChromiumSafelistedHeader(name.toLowerCase(), value)
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

function addName(names: string[], name: string) {
  const lower = name.toLowerCase()
  if (!names.includes(lower)) names.push(lower)
}

// Pages send a handful of origins; parsing each once keeps simulate() cheap in a hot loop.
const originCache = new Map<string, boolean>()

function validOrigin(origin: string): boolean {
  if (origin === 'null') return true
  let valid = originCache.get(origin)
  if (valid === undefined) {
    const parsed = URL.parse(origin)
    valid = parsed !== null && parsed.origin !== 'null' && parsed.origin === origin
    if (originCache.size > 1000) originCache.clear()
    originCache.set(origin, valid)
  }
  return valid
}

function pick<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, field: string): T {
  if (value === undefined) return fallback
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new CorslabError(
    'E_INVALID_OPTION',
    `Failed to read request.${field}: ${JSON.stringify(value)} is not one of ${allowed.map((v) => `'${v}'`).join(', ')}.`,
  )
}

/**
 * What fetch() (or XMLHttpRequest) does with the page's arguments before it sends anything: the
 * Request constructor (`open()` and `setRequestHeader()`) and the Headers guard. What the browser
 * refuses becomes `refusal` (the verdict then says so); forbidden headers are dropped silently.
 * Throws a CorslabError only for input that is no request at all (no URL, no origin, an unknown
 * option, an XHR option fetch() has and XHR has not).
 *
 * @example
 * const classified = classifyRequest({ url: 'http://localhost:4010/api/items', origin: 'http://localhost:5173', method: 'put', headers: { 'content-type': 'application/json' } })
 * classified.method // 'PUT'
 * classified.unsafeNames // ['content-type']: these go into the preflight
 */
export function classifyRequest(init: PageRequest, browser: BrowserName = 'chromium'): ClassifiedRequest {
  if (init === null || typeof init !== 'object') {
    throw new CorslabError('E_INVALID_EXCHANGE', 'Failed to read the request: expected an object with url and origin.')
  }
  const url = typeof init.url === 'string' ? parseUrl(init.url) : null
  if (url === null) {
    throw new CorslabError('E_INVALID_URL', `Failed to read request.url: ${JSON.stringify(init.url)} is not an absolute URL.`)
  }
  if (typeof init.origin !== 'string' || !validOrigin(init.origin)) {
    throw new CorslabError(
      'E_INVALID_ORIGIN',
      `Failed to read request.origin: ${JSON.stringify(init.origin)} is not a serialized origin. Pass the page's origin without a path, like 'http://localhost:5173', or 'null'.`,
    )
  }
  const initiator = pick(init.initiator, initiators, 'fetch', 'initiator')
  if (initiator === 'xhr') xhrCanSend(init)
  const uploadListeners = init.uploadListeners ?? false
  if (typeof uploadListeners !== 'boolean') {
    throw new CorslabError('E_INVALID_OPTION', `Failed to read request.uploadListeners: ${JSON.stringify(uploadListeners)} is not true or false.`)
  }
  if (uploadListeners && initiator !== 'xhr') {
    throw new CorslabError('E_INVALID_OPTION', "Failed to read request.uploadListeners: upload listeners belong to XMLHttpRequest; set request.initiator to 'xhr'.")
  }
  const mode = pick(init.mode, requestModes, 'cors', 'mode')
  const credentials = pick(init.credentials, credentialsModes, 'same-origin', 'credentials')
  const redirect = pick(init.redirect, redirectModes, 'follow', 'redirect')
  const addressSpace = init.addressSpace === undefined ? null : pick(init.addressSpace, [...addressSpaces], 'public', 'addressSpace')
  if (init.targetAddressSpace !== undefined && typeof init.targetAddressSpace !== 'string') {
    throw new CorslabError('E_INVALID_OPTION', `Failed to read request.targetAddressSpace: ${JSON.stringify(init.targetAddressSpace)} is not a string; fetch() takes 'local' or 'loopback' there.`)
  }
  const targetAddressSpace = init.targetAddressSpace ?? null

  const rawMethod = init.method ?? 'GET'
  if (typeof rawMethod !== 'string') {
    throw new CorslabError('E_INVALID_METHOD', `Failed to read request.method: ${JSON.stringify(rawMethod)} is not a string.`)
  }
  const method = normalizeMethod(rawMethod)
  const lines = toHeaderList(init.headers, false)
  const base = { url, origin: init.origin, method, credentials, mode, redirect, addressSpace, targetAddressSpace, initiator }
  const refusal = refusalOf({ method: rawMethod, normalized: method, noCors: mode === 'no-cors', lines }, initiator, browser)
  if (refusal !== null) {
    return { ...base, headers: [], names: {}, unsafeNames: [], dropped: [], forcePreflight: false, needsPreflight: false, checkOrder: () => [], refusal }
  }

  // Names are lower-cased here, once: every later rule compares them case-insensitively.
  const headers: HeaderList = []
  const names: Record<string, string> = {}
  for (const [name, value] of lines) {
    const lower = name.toLowerCase()
    const existing = headers.find(([n]) => n === lower)
    if (existing) existing[1] = `${existing[1]}, ${value}`
    else {
      headers.push([lower, value])
      names[lower] = name
    }
  }
  const profile = profiles[browser]
  const kept: HeaderList = []
  const dropped: string[] = []
  for (const entry of headers) {
    const [name, value] = entry
    // Headers "request" guard: forbidden request-headers are ignored, not an error.
    // Headers "request-no-cors" guard: anything but a no-CORS-safelisted request-header is ignored.
    if (
      isForbiddenRequestHeader(name, value) ||
      profile.extraForbiddenHeaders.includes(name) ||
      (mode === 'no-cors' && !isNoCorsSafelistedRequestHeader(name, value))
    ) {
      dropped.push(name)
    } else {
      kept.push(entry)
    }
  }
  const safelisted = safelistOf(browser)
  const keptLines = lines.filter(([name]) => kept.some(([n]) => n === name.toLowerCase()))
  // Firefox's fetch() keeps repeated lines apart; its XMLHttpRequest joins them, as the standard does.
  const perLine = profile.safelistPerLine && initiator === 'fetch'
  const unsafeNames = perLine ? unsafeLineNames(keptLines, safelisted) : corsUnsafeRequestHeaderNames(kept, safelisted)
  // XHR send(): upload listeners set the use-CORS-preflight flag; Chromium only when a body goes.
  const forcePreflight = uploadListeners && (profile.uploadListenerPreflight === 'always' || (method !== 'GET' && method !== 'HEAD'))
  // send() adds `Content-Type: text/plain;charset=UTF-8` for a text body the page gave no type: one
  // more name in Chromium's header map, which moves the others.
  const bodyType = uploadListeners && method !== 'GET' && method !== 'HEAD' && !kept.some(([n]) => n === 'content-type') ? ['content-type'] : []
  let ordered: string[] | undefined
  const orderOnce = (): string[] => {
    if (ordered !== undefined) return ordered
    const order = checkOrder(browser, { names: [...kept.map(([n]) => n), ...bodyType], initiator, trustworthy: isPotentiallyTrustworthy(url.href) })
    // Chromium checks the names unsafe by their value first, then those the 1024-byte total made unsafe.
    const unsafeByValue = (name: string) => kept.some(([n, v]) => n === name && !safelisted(n, v))
    ordered = profile.clientHintsSafelisted ? [...order.filter(unsafeByValue), ...order.filter((n) => !unsafeByValue(n))] : order
    return ordered
  }
  return {
    ...base,
    headers: kept,
    names,
    unsafeNames,
    dropped,
    forcePreflight,
    needsPreflight: forcePreflight || !isCorsSafelistedMethod(method) || unsafeNames.length > 0,
    checkOrder: orderOnce,
    refusal: null,
  }
}

/** An XMLHttpRequest is always mode `cors`, follows redirects, and sends credentials or same-origin. */
function xhrCanSend(init: PageRequest): void {
  const refuse = (field: string, why: string) => {
    throw new CorslabError('E_INVALID_OPTION', `Failed to read request.${field}: ${why} No page can make this request with XMLHttpRequest; use initiator 'fetch'.`)
  }
  if (init.mode !== undefined && init.mode !== 'cors') refuse('mode', `XMLHttpRequest always uses mode 'cors', not ${JSON.stringify(init.mode)}.`)
  if (init.redirect !== undefined && init.redirect !== 'follow') refuse('redirect', `XMLHttpRequest always follows redirects, not ${JSON.stringify(init.redirect)}.`)
  if (init.credentials === 'omit') refuse('credentials', "XMLHttpRequest sends credentials 'include' (withCredentials) or 'same-origin', not 'omit'.")
  if (init.targetAddressSpace !== undefined) refuse('targetAddressSpace', 'targetAddressSpace is a fetch() option.')
}

// A browser that safelists each line on its own (Firefox): no combining, no 1024-byte total.
function unsafeLineNames(lines: HeaderList, safelisted: (name: string, value: string) => boolean): string[] {
  const unsafe: string[] = []
  for (const [name, value] of lines) if (!safelisted(name, value)) addName(unsafe, name)
  return unsafe.sort(byCodeUnit)
}
