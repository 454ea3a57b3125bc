import { afterAll, beforeAll, expect, test } from 'vitest'
import { startServer, type RunningServer } from '../../src/server/index.ts'
import { closedPort } from '../support/closed-port.ts'
import { cli } from './io.ts'

const closed = await closedPort()

const origin = 'http://localhost:5173'
let server: RunningServer

beforeAll(async () => {
  server = await startServer({ port: 0, scenario: 'allow-all', log: () => {} })
})
afterAll(async () => {
  await server.close()
})

test('corslab check exits 0 and says allowed where every browser allows', async () => {
  const res = await cli('check', `${server.url}/@allow-all/api/items/1`, '--origin', origin, '-X', 'PUT', '-H', 'Authorization: Bearer t', '--credentials')
  expect(res.code).toBe(0)
  expect(res.stdout).toContain('Preflight: due, because method PUT is not GET, HEAD or POST; header authorization: Bearer t is not CORS-safelisted.')
  expect(res.stdout).toMatch(/Chromium, Firefox, WebKit: ALLOWED \(status 200\)/)
})

test('corslab check exits 1, prints each browser\'s text and the fix where the server is wrong', async () => {
  const res = await cli('check', `${server.url}/@missing-allow-origin/api/items`, '--origin', origin)
  expect(res.code).toBe(1)
  expect(res.stdout).toContain("Chromium prints: Access to fetch at")
  expect(res.stdout).toContain("No 'Access-Control-Allow-Origin' header is present on the requested resource.")
  expect(res.stdout).toContain('Firefox prints: Cross-Origin Request Blocked')
  expect(res.stdout).toContain(`Fix\n  The server sent no \`Access-Control-Allow-Origin\`. Send \`Access-Control-Allow-Origin: ${origin}\``)
})

test('corslab check shows the browsers side by side where they differ', async () => {
  const res = await cli('check', `${server.url}/@duplicate-allow-origin/api/items`, '--origin', origin, '--credentials')
  expect(res.code).toBe(1)
  expect(res.stdout).toMatch(/Chromium, WebKit: BLOCKED at response: multiple-allow-origin/)
  expect(res.stdout).toMatch(/Firefox: BLOCKED at response: allow-origin-mismatch/)
})

test('corslab check --json prints the report for scripts', async () => {
  const res = await cli('check', `${server.url}/@disallowed-method/api/items/1`, '--origin', origin, '--method', 'PATCH', '--json', '--browser', 'chromium')
  expect(res.code).toBe(1)
  const report = JSON.parse(res.stdout)
  expect(Object.keys(report.browsers)).toEqual(['chromium'])
  expect(report.browsers.chromium.verdict).toMatchObject({ outcome: 'blocked', stage: 'preflight', reason: 'method-not-allowed' })
  expect(report.browsers.chromium.fix).toMatchObject({ header: 'Access-Control-Allow-Methods', value: 'PATCH' })
  // The preflight was refused: the PATCH itself was never sent.
  expect(report.exchanges.map((e: { method: string }) => e.method)).toEqual(['OPTIONS'])
})

test('corslab check follows a redirect by default, as fetch() does; --follow says the same; --redirect manual and error stop at it', async () => {
  const url = `${server.url}/@redirect-cross-origin/api/items`
  const login = `-> GET ${server.url.replace('127.0.0.1', 'localhost')}/@redirect-cross-origin/login?next=/api/items`
  const followed = await cli('check', url, '--origin', origin)
  expect(followed.code).toBe(1)
  expect(followed.stdout).toContain(login)
  expect(followed.stdout).toMatch(/Chromium, Firefox, WebKit: BLOCKED at response: missing-allow-origin/)
  expect((await cli('check', url, '--origin', origin, '--follow')).stdout).toBe(followed.stdout)
  expect((await cli('check', url, '--origin', origin, '--redirect', 'follow')).stdout).toBe(followed.stdout)

  const manual = await cli('check', url, '--origin', origin, '--redirect', 'manual')
  expect(manual.code).toBe(0)
  expect(manual.stdout).not.toContain(login)
  expect(manual.stdout).toMatch(/Chromium, Firefox, WebKit: OPAQUE REDIRECT \(fetch\(\) resolves with type 'opaqueredirect', status 0/)

  const error = await cli('check', url, '--origin', origin, '--redirect', 'error', '--browser', 'chromium')
  expect(error.code).toBe(1)
  expect(error.stdout).toMatch(/Chromium: BLOCKED at redirect: network-error/)
})

test('a method fetch() refuses: every browser blocks it before sending anything (exit 1), and says what the page gets', async () => {
  const res = await cli('check', 'http://localhost:1/x', '--origin', origin, '--method', 'TRACE')
  expect(res.code).toBe(1)
  expect(res.stdout).toMatch(/not sent: fetch\(\) refuses this request before anything is sent/)
  expect(res.stdout).toMatch(/Chromium, Firefox, WebKit: BLOCKED at request: forbidden-method/)
  expect(res.stdout).toContain("Chromium prints nothing; the page gets: Failed to execute 'fetch' on 'Window': 'TRACE' HTTP method is unsupported.")
})

test.each([
  [['check'], /give the URL to check/],
  [['check', 'http://localhost:1/x', '--origin', origin, '--redirect', 'sometimes'], /--redirect "sometimes" is not one of follow, manual, error/],
  [['check', 'http://localhost:1/x', '--origin', origin, '--follow', '--redirect', 'manual'], /--follow means --redirect follow; it cannot go with --redirect manual/],
  [['check', 'http://localhost:1/x'], /--origin is required/],
  [['check', 'ftp://x/y', '--origin', origin], /is not an http:\/\/ or https:\/\/ URL/],
  [['check', 'http://localhost:1/x', '--origin', 'http://localhost:5173/'], /is not an origin: give scheme, host and port only.*\(http:\/\/localhost:5173\)/],
  [['check', 'http://localhost:1/x', '--origin', origin, '--header', 'no colon'], /--header "no colon" is not 'Name: value'/],
  [['check', 'http://localhost:1/x', '--origin', origin, '--browser', 'safari'], /--browser "safari" is not one of chromium, firefox, webkit, all/],
  [['check', 'http://localhost:1/x', '--origin', origin, '--timeout', 'soon'], /--timeout "soon" is not a positive number/],
  [['check', 'http://localhost:1/x', '--origin', origin, '--nope'], /unknown flag --nope/],
  [['check', `http://127.0.0.1:${closed}/x`, '--origin', origin], new RegExp(`Failed to reach http://127\\.0\\.0\\.1:${closed}/x \\(GET\\): the connection was refused`)],
])('corslab %j exits 2 with a message that names what is wrong', async (argv, message) => {
  const res = await cli(...argv)
  expect(res.code).toBe(2)
  expect(res.stderr).toMatch(message)
  expect(res.stderr).not.toMatch(/\n\s+at /)
})

test('a bad port: every browser refuses it before anything is sent (exit 1)', async () => {
  const res = await cli('check', 'http://127.0.0.1:1/x', '--origin', origin)
  expect(res.code).toBe(1)
  expect(res.stdout).toMatch(/Chromium, Firefox, WebKit: BLOCKED at request: bad-port/)
  expect(res.stdout).toContain('Chromium prints: Failed to load resource: net::ERR_UNSAFE_PORT')
})
