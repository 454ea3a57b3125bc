import { disallowedHeader, methodAllowed } from './preflight.ts'
import { profiles } from './profiles.ts'
import type { BrowserName } from './types.ts'

/** What identifies a cached preflight: https://fetch.spec.whatwg.org/#concept-cache */
export interface PreflightCacheKey {
  browser: BrowserName
  /** Byte-serialized request origin. */
  origin: string
  url: string
  credentials: boolean
}

export interface PreflightCacheEntry {
  methods: string[]
  headerNames: string[]
  /** Milliseconds since the epoch when the entry expires. */
  expires: number
  credentials: boolean
}

/**
 * The CORS-preflight cache. Entries are keyed by origin and URL (the network partition key is the
 * same for one page); an entry made without credentials does not serve a credentialed request. A new
 * preflight replaces the entry for its key, as Chromium and WebKit do (Firefox merges them).
 */
export interface PreflightCache {
  /** True when a live entry covers this method and these unsafe header names, so no preflight is sent. */
  covers(key: PreflightCacheKey, method: string, headerNames: string[], now: number): boolean
  store(key: PreflightCacheKey, entry: Omit<PreflightCacheEntry, 'credentials'>): void
  /** Drops the entry for this key, if any (Firefox, when the request then fails its CORS check). */
  forget?(key: PreflightCacheKey): void
  clear(): void
  readonly size: number
}

/**
 * A CORS-preflight cache to share across simulate() calls, so that `Access-Control-Max-Age` spares
 * later requests their preflight, per browser, as the browser's own cache does.
 *
 * @example
 * const preflightCache = createPreflightCache()
 * simulate(exchange, { preflightCache }).preflights // 1
 * simulate(exchange, { preflightCache }).preflights // 0, while Access-Control-Max-Age lasts
 */
export function createPreflightCache(): PreflightCache {
  const entries = new Map<string, PreflightCacheEntry>()
  const id = (key: PreflightCacheKey) => JSON.stringify([key.browser, key.origin, key.url])

  return {
    covers(key, method, headerNames, now) {
      const entry = entries.get(id(key))
      if (!entry) return false
      if (entry.expires <= now) {
        entries.delete(id(key))
        return false
      }
      if (key.credentials && !entry.credentials) return false
      // Firefox does not let a cached `*` stand for a method or header.
      const profile = profiles[key.browser]
      const literal = !profile.cacheHonorsWildcard
      const methods = literal ? entry.methods.filter((m) => m !== '*') : entry.methods
      const names = literal ? entry.headerNames.filter((n) => n !== '*') : entry.headerNames
      // Chromium lets a fresh `*` cover Authorization, but not a cached one: it preflights again.
      if (!profile.cachedWildcardCoversAuthorization && headerNames.includes('authorization') && !names.includes('authorization')) return false
      return methodAllowed(method, methods, key.credentials) && disallowedHeader(headerNames, names, key.credentials, key.browser) === null
    },
    store(key, entry) {
      entries.set(id(key), { ...entry, credentials: key.credentials })
    },
    forget(key) {
      entries.delete(id(key))
    },
    clear() {
      entries.clear()
    },
    get size() {
      return entries.size
    },
  }
}
