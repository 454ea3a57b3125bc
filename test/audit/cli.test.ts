import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { maxRequests } from '../../src/audit/index.ts'
import { cli } from '../cli/io.ts'
import { closedPort } from '../support/closed-port.ts'

const closed = await closedPort()

/*
 * `corslab audit` as a user runs it, against a small server that records every request: what is
 * sent (bounded, one at a time, no body unless --data, no method but GET/HEAD/OPTIONS unless asked,
 * nothing past a redirect) and what is printed.
 */

interface Seen {
  method: string
  path: string
  origin: string | undefined
  body: string
  at: number
  headers: IncomingMessage['headers']
}

const seen: Seen[] = []
let inFlight = 0
let maxInFlight = 0
// Per path: how the server answers CORS.
const behaviours: Record<string, (origin: string | undefined) => Record<string, string>> = {
  '/reflect': (origin): Record<string, string> => (origin ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin', 'access-control-allow-methods': 'GET, POST, PUT, DELETE', 'access-control-allow-headers': 'content-type' } : {}),
  '/list': (origin): Record<string, string> => (origin === 'https://app.example.com' ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' } : { vary: 'Origin' }),
  '/novary': (origin): Record<string, string> => (origin === 'https://app.example.com' || origin === 'https://evil.example.com' ? { 'access-control-allow-origin': origin, 'cache-control': 'public, max-age=60' } : {}),
  '/star': () => ({ 'access-control-allow-origin': '*' }),
}
let server: Server
let base: string
beforeAll(async () => {
  server = createServer((req, res) => {
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] as string
      seen.push({ method: req.method ?? '', path, origin: req.headers.origin, body: Buffer.concat(chunks).toString(), at: performance.now(), headers: req.headers })
      const done = () => {
        inFlight--
      }
      if (path === '/redirect') {
        res.writeHead(302, { location: '/elsewhere', 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-allow-credentials': 'true' }).end(done)
        return
      }
      const status = req.method === 'OPTIONS' ? 204 : 200
      res.writeHead(status, behaviours[path]?.(req.headers.origin) ?? {}).end(req.method === 'OPTIONS' ? '' : '{"secret":1}', done)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  seen.length = 0
  maxInFlight = 0
})

const trusted = 'https://app.example.com'

test('a reflecting server is critical (exit 1); requests stay within the printed bound, one at a time, GET and OPTIONS only, no body', async () => {
  const res = await cli('audit', `${base}/reflect`, '--origin', trusted)
  expect(res.code).toBe(1)
  const bound = maxRequests(trusted, `${base}/reflect`)
  expect(res.stderr).toContain(`${bound.origins} attacker origins, at most ${bound.requests} requests to ${base}/reflect, one at a time.`)
  expect(seen.length).toBeLessThanOrEqual(bound.requests)
  expect(res.stdout).toContain(`${seen.length} requests sent.`)
  expect(maxInFlight).toBe(1)
  expect(new Set(seen.map((s) => s.method))).toEqual(new Set(['GET', 'OPTIONS']))
  expect(seen.every((s) => s.body === '' && s.path === '/reflect')).toBe(true)
  expect(res.stdout).toMatch(/^CRITICAL\s+origin-reflected\n/m)
  expect(res.stdout).toContain('Verdict: 1 finding medium or worse (origin-reflected).')
})

test('--json prints the contract: { url, trusted, findings: [{ id, severity, origin, origins, credentials, browsers, evidence, fix }] }', async () => {
  const res = await cli('audit', `${base}/reflect`, '--origin', trusted, '--json')
  expect(res.code).toBe(1)
  expect(res.stderr).toBe('')
  const report = JSON.parse(res.stdout)
  expect(report).toMatchObject({ url: `${base}/reflect`, trusted, requests: seen.length })
  expect(report.findings).toHaveLength(1)
  const [finding] = report.findings
  expect(Object.keys(finding).sort()).toEqual(['browsers', 'credentials', 'evidence', 'fix', 'id', 'origin', 'origins', 'severity', 'summary'].sort())
  expect(finding).toMatchObject({ id: 'origin-reflected', severity: 'critical', origin: 'https://evil.test', credentials: true, browsers: ['chromium', 'firefox', 'webkit'] })
  expect(finding.origins).toContain('null')
  expect(finding.evidence[0]).toMatchObject({ kind: 'request', method: 'GET', requestHeaders: [['origin', 'https://evil.test']], status: 200 })
  expect(finding.evidence[0].headers).toContainEqual(['access-control-allow-origin', 'https://evil.test'])
  expect(finding.fix).toMatchObject({ stack: null, snippet: null, text: expect.stringContaining('Access-Control-Allow-Origin: https://app.example.com') })
  expect(report.credentialedOrigins).toContain('https://evil.test')
})

test('--stack gives each finding the stack\'s own fix: an allow-list of the trusted origin; the text shows it once', async () => {
  const json = JSON.parse((await cli('audit', `${base}/reflect`, '--origin', trusted, '--stack', 'express', '--json')).stdout)
  expect(json.findings[0].fix).toMatchObject({ stack: 'express', snippet: expect.stringContaining(`origin: ['${trusted}']`) })
  expect(json.findings[0].fix.snippet).toContain('credentials: true')
  const text = (await cli('audit', `${base}/reflect`, '--origin', trusted, '--stack', 'flask')).stdout
  expect(text.match(/^Fix in Flask \(flask-cors\):$/gm)).toHaveLength(1)
  expect(text).toContain(`CORS(app, origins=["${trusted}"], supports_credentials=True`)
  // Without --stack and nothing in the answers that names one: the header-level fix, and a hint.
  expect((await cli('audit', `${base}/reflect`, '--origin', trusted)).stdout).toContain('Pass --stack NAME for the fix in your framework or server')
})

test('a sound allow-list gets nothing (exit 0); a request is sent after a preflight only where the preflight allows it', async () => {
  const res = await cli('audit', `${base}/list`, '--origin', trusted, '--json')
  expect(res.code).toBe(0)
  expect(JSON.parse(res.stdout).findings).toEqual([])
  // The preflights ask for Content-Type, which this server never allows: each origin sent a GET and an OPTIONS, nothing more.
  const origins = [...new Set(seen.map((s) => s.origin))]
  expect(origins.length).toBe(maxRequests(trusted, `${base}/list`).origins + 1)
  for (const origin of origins) expect(seen.filter((s) => s.origin === origin).map((s) => s.method), origin).toEqual(['GET', 'OPTIONS'])
  // The same without preflights at all: a server that answers OPTIONS without CORS headers gets one, from the trusted origin.
  seen.length = 0
  await cli('audit', `${base}/none`, '--origin', trusted)
  expect(seen.filter((s) => s.method === 'OPTIONS').map((s) => s.origin)).toEqual([trusted])
})

test('a reflection without Vary: Origin on a cacheable answer is missing-vary-origin, medium', async () => {
  const res = await cli('audit', `${base}/novary`, '--origin', trusted, '--json')
  const report = JSON.parse(res.stdout)
  expect(report.findings.map((f: { id: string, severity: string }) => [f.id, f.severity])).toEqual([
    ['missing-vary-origin', 'medium'],
    ['any-subdomain-trusted', 'info'],
  ])
  expect(res.code).toBe(1)
})

test('* is info, --private makes it medium', async () => {
  const plain = JSON.parse((await cli('audit', `${base}/star`, '--origin', trusted, '--json')).stdout)
  expect(plain.findings.map((f: { id: string, severity: string, credentials: boolean }) => [f.id, f.severity, f.credentials])).toEqual([['wildcard-origin', 'info', false]])
  const intranet = await cli('audit', `${base}/star`, '--origin', trusted, '--private', '--json')
  expect(intranet.code).toBe(1)
  expect(JSON.parse(intranet.stdout).findings[0]).toMatchObject({ id: 'wildcard-origin', severity: 'medium' })
})

test('a redirect is not followed: nothing is sent to its target, and the report says so', async () => {
  const res = await cli('audit', `${base}/redirect`, '--origin', trusted, '--json')
  expect(seen.every((s) => s.path === '/redirect')).toBe(true)
  expect(JSON.parse(res.stdout).notes).toContainEqual(expect.stringContaining(`answered 302 with a redirect to ${base}/elsewhere: the audit sends requests only to the URL given`))
})

test('--data goes only with the method given, --header Cookie is sent but never printed, --rate spaces requests out', async () => {
  const res = await cli('audit', `${base}/reflect`, '--origin', trusted, '-X', 'PUT', '-d', '{"a":1}', '-H', 'Cookie: session=s3cret', '-H', 'Content-Type: application/json', '--rate', '40')
  expect(res.code).toBe(1)
  expect(new Set(seen.map((s) => s.method))).toEqual(new Set(['GET', 'OPTIONS', 'PUT']))
  for (const s of seen) {
    expect(s.body, `${s.method} from ${s.origin}`).toBe(s.method === 'PUT' ? '{"a":1}' : '')
    expect(s.headers.cookie).toBe(s.method === 'OPTIONS' ? undefined : 'session=s3cret')
  }
  expect(res.stdout).not.toContain('s3cret')
  // At most 40 a second: n requests span at least (n - 1) x 25 ms, less one interval for the arrival jitter of the first.
  expect((seen.at(-1) as Seen).at - (seen[0] as Seen).at).toBeGreaterThanOrEqual((seen.length - 2) * 25)
})

test.each([
  [['audit'], /give the URL to audit/],
  [['audit', 'http://127.0.0.1:1/x'], /--origin is required/],
  [['audit', 'http://127.0.0.1:1/x', '--origin', 'https://app.example.com/'], /is not an origin: give scheme, host and port only/],
  [['audit', 'http://127.0.0.1:1/x', '--origin', 'null'], /is not an http: or https: origin/],
  [['audit', 'http://127.0.0.1:1/x', '--origin', trusted, '--rate', '0'], /--rate "0" is not a positive number/],
  [['audit', 'http://127.0.0.1:1/x', '--origin', trusted, '-X', 'OPTIONS'], /--method OPTIONS is not a method a page sends/],
  [['audit', 'http://127.0.0.1:1/x', '--origin', trusted, '-H', 'Origin: https://x.test'], /--header Origin is one a page cannot set/],
  [['audit', 'http://127.0.0.1:1/x', '--origin', trusted, '--stack', 'expresss'], /corslab audit: --stack: Unknown stack "expresss": did you mean express\?/],
  [['audit', 'ftp://127.0.0.1/x', '--origin', trusted], /corslab audit: "ftp:\/\/127.0.0.1\/x" is not an http:\/\/ or https:\/\/ URL/],
  [['audit', 'http://127.0.0.1:1/x', '--origin', trusted, '-H', 'no colon'], /corslab audit: --header "no colon" is not 'Name: value'/],
  [['audit', 'http://127.0.0.1:1/x', '--origin', trusted, '-X', 'GE T'], /corslab audit: --method "GE T" is not an HTTP method/],
  [['audit', 'http://127.0.0.1:1/x', '--origin', trusted, '--timeout', 'soon'], /corslab audit: --timeout "soon" is not a positive number of milliseconds/],
  [['audit', 'http://127.0.0.1:1/x', '--origin', trusted, '--stack'], /corslab audit: --stack needs a value/],
  [['audit', 'http://127.0.0.1:1/x', '--origin', trusted, '--rates', '2'], /corslab audit: unknown flag --rates/],
  // No browser connects to a bad port: nothing to audit, and it says so before sending anything.
  [['audit', 'http://127.0.0.1:6000/x', '--origin', trusted], /http:\/\/127.0.0.1:6000\/x is on port 6000, which browsers refuse to connect to \(a "bad port" of the Fetch Standard\): .* nothing to audit/],
  [['audit', `http://127.0.0.1:${closed}/x`, '--origin', trusted], new RegExp(`Failed to reach http://127\\.0\\.0\\.1:${closed}/x \\(GET\\): the connection was refused`)],
])('corslab %j exits 2 with a message naming what is wrong', async (argv, message) => {
  const res = await cli(...argv)
  expect(res.code).toBe(2)
  expect(res.stderr).toMatch(message)
  expect(res.stderr).not.toMatch(/\n\s+at /)
})
