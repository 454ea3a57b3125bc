import { expect, it } from 'vitest'
import { createPreflightCache, simulate, type BrowserName, type Exchange } from '../../src/index.ts'
import { api, page } from './support.ts'

const request = (extra: Partial<Exchange['request']> = {}): Exchange['request'] => ({
  url: `${api}/api/items/1`,
  origin: page,
  method: 'PUT',
  headers: { 'x-custom': '1' },
  ...extra,
})
const pass = (maxAge?: string): Exchange['preflight'] => ({
  status: 204,
  headers: [
    ['access-control-allow-origin', page],
    ['access-control-allow-methods', 'PUT'],
    ['access-control-allow-headers', 'x-custom'],
    ...(maxAge === undefined ? [] : ([['access-control-max-age', maxAge]] as Array<[string, string]>)),
  ],
})
const response = { status: 200, headers: { 'access-control-allow-origin': page } }

function twice(maxAge: string | undefined, gapMs: number, browser: BrowserName = 'chromium', second: Partial<Exchange['request']> = {}) {
  const cache = createPreflightCache()
  const first = simulate({ request: request(), preflight: pass(maxAge), response }, { browser, preflightCache: cache, now: 0 })
  const again = simulate({ request: request(second), preflight: pass(maxAge), response }, { browser, preflightCache: cache, now: gapMs })
  return [first.preflights, again.preflights]
}

it('caches a preflight for 5 seconds when Access-Control-Max-Age is absent', () => {
  expect(twice(undefined, 4_999)).toEqual([1, 0])
  expect(twice(undefined, 5_000)).toEqual([1, 1])
})

it('caches for Access-Control-Max-Age seconds', () => {
  expect(twice('60', 59_000)).toEqual([1, 0])
  expect(twice('60', 61_000)).toEqual([1, 1])
})

it('does not cache with Access-Control-Max-Age 0', () => {
  expect(twice('0', 1)).toEqual([1, 1])
})

it('reads an invalid Access-Control-Max-Age as the default', () => {
  expect(twice('ten', 4_000)).toEqual([1, 0])
  expect(twice('-1', 6_000)).toEqual([1, 1])
})

it.each([
  ['chromium', 7200],
  ['firefox', 86400],
  ['webkit', 600],
] as const)('caps Access-Control-Max-Age in %s at %i seconds', (browser, cap) => {
  expect(twice('100000', cap * 1000 - 1, browser)).toEqual([1, 0])
  expect(twice('100000', cap * 1000, browser)).toEqual([1, 1])
})

it('keys the cache by URL', () => {
  expect(twice('60', 1, 'chromium', { url: `${api}/api/items/2` })).toEqual([1, 1])
})

it('sends a new preflight for a header the cached one did not allow', () => {
  expect(twice('60', 1, 'chromium', { headers: { 'x-custom': '1', 'x-other': '2' } })).toEqual([1, 1])
})

it('does not serve a credentialed request from an entry made without credentials', () => {
  const cache = createPreflightCache()
  simulate({ request: request(), preflight: pass('60'), response }, { preflightCache: cache, now: 0 })
  const credentialed = simulate(
    { request: request({ credentials: 'include' }), preflight: { status: 500 } },
    { preflightCache: cache, now: 1 },
  )
  expect(credentialed).toMatchObject({ outcome: 'blocked', stage: 'preflight', preflights: 1 })
})

it('does not cache a preflight that failed', () => {
  const cache = createPreflightCache()
  simulate({ request: request(), preflight: { status: 204, headers: { 'access-control-max-age': '60' } } }, { preflightCache: cache, now: 0 })
  expect(cache.size).toBe(0)
})

it('empties on clear()', () => {
  const cache = createPreflightCache()
  simulate({ request: request(), preflight: pass('60'), response }, { preflightCache: cache, now: 0 })
  expect(cache.size).toBe(1)
  cache.clear()
  expect(simulate({ request: request(), preflight: pass('60'), response }, { preflightCache: cache, now: 1 }).preflights).toBe(1)
})
