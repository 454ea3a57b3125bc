import { expect, test } from 'vitest'
import { isRefusal, refusalEntries, refusalFix } from '../../src/playwright/local-network-journal.ts'
import type { LocalNetworkRefusal } from '../../src/playwright/local-network.ts'
import type { JournalEntry } from '../../src/server/index.ts'

/*
 * The journal rows the Playwright fixture adds for requests Chromium refused under Local Network
 * Access before sending them: each judged by the engine (the page public, corslab loopback, every
 * answer passing CORS), in time order with the rows the server wrote, under the session's URL only.
 */

const url = 'http://127.0.0.1:4010/@t0-abc'
const origin = 'https://app.example.com'
const session = { url, session: 't0-abc', scenarioAt: () => 'allow-all', permission: 'denied' as const }

function refusal(over: Partial<LocalNetworkRefusal>): LocalNetworkRefusal {
  return { method: 'GET', initialUrl: `${url}/api/items`, url: `${url}/api/items`, origin, initiator: 'fetch', corsError: 'LocalNetworkAccessPermissionDenied', time: '2026-01-01T00:00:01.000Z', ...over }
}

const served: JournalEntry = {
  id: 1, time: '2026-01-01T00:00:00.500Z', scenario: 'allow-all', session: 't0-abc', method: 'GET', path: '/api/me', origin,
  preflight: false, requestHeaders: {}, status: 200, responseHeaders: [], verdict: { outcome: 'allowed' },
}

test('a denied request: a row never sent, blocked at request with the engine\'s reason, line and fix', () => {
  const rows = refusalEntries([served], [refusal({ method: 'PUT', time: '2026-01-01T00:00:02.000Z' }), refusal({})], session)
  expect(rows.map((r) => r.id)).toEqual([1, -2, -1])
  const [, first, second] = rows as [JournalEntry, JournalEntry, JournalEntry]
  expect(first).toEqual({
    id: -2, time: '2026-01-01T00:00:01.000Z', session: 't0-abc', scenario: 'allow-all', method: 'GET', path: '/api/items', origin,
    preflight: false, requestHeaders: {}, status: 0, responseHeaders: [],
    verdict: {
      outcome: 'blocked', stage: 'request', reason: 'local-network-access-denied',
      message: `Access to fetch at '${url}/api/items' from origin '${origin}' has been blocked by CORS policy: Permission was denied for this request to access the \`loopback\` address space.`,
    },
  })
  // A PUT is refused before its preflight: still one row, at request.
  expect(second.verdict).toMatchObject({ outcome: 'blocked', stage: 'request', reason: 'local-network-access-denied' })
  expect(isRefusal(first) && !isRefusal(served)).toBe(true)
  expect(refusalFix(first)).toMatch(/./)
})

test('a redirect from a public URL to corslab is refused at the redirect', () => {
  const [row] = refusalEntries([], [refusal({ initialUrl: 'https://api.example.com/go' })], session)
  expect(row?.verdict).toMatchObject({ outcome: 'blocked', stage: 'redirect', reason: 'local-network-access-denied' })
})

test('XHR gets the engine\'s XMLHttpRequest line; a refusal elsewhere than the session is left out', () => {
  const line = 'Access to XMLHttpRequest at ... Permission was denied for this request to access the `loopback` address space.'
  const rows = refusalEntries([], [refusal({ initiator: 'xhr', message: line }), refusal({ url: 'http://127.0.0.1:9999/x', initialUrl: 'http://127.0.0.1:9999/x' })], session)
  expect(rows).toHaveLength(1)
  expect(rows[0]?.verdict?.message).toBe(
    `Access to XMLHttpRequest at '${url}/api/items' from origin '${origin}' has been blocked by CORS policy: Permission was denied for this request to access the \`loopback\` address space.`,
  )
})

test('a targetAddressSpace that is not the server\'s: local-network-target-mismatch, granted or not', () => {
  const message = 'Request had a target IP address space of `local` yet the resource is in address space `loopback`.'
  const [row] = refusalEntries([], [refusal({ corsError: 'InvalidLocalNetworkAccess', message })], { ...session, permission: 'granted' })
  expect(row?.verdict).toMatchObject({ outcome: 'blocked', stage: 'request', reason: 'local-network-target-mismatch' })
})
