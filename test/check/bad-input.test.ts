import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCheck, type CheckOptions } from '../../src/check/index.ts'
import { CorslabError, isCorslabError, type CorslabErrorCode } from '../../src/errors.ts'

/*
 * What `check` does when it cannot get an answer, or is given input no browser would send: a
 * CorslabError with a stable code and a one-line message that says what to do (the CLI prints it
 * and exits 2), never a stack trace and never a CORS verdict.
 */

const origin = 'http://127.0.0.1:5173'

/** The error runCheck rejects with (fails when it resolves or throws something else). */
async function failure(options: CheckOptions): Promise<CorslabError> {
  const error: unknown = await runCheck(options).then(
    (report) => new Error(`expected an error, got a report: ${report.outcome}`),
    (e: unknown) => e,
  )
  if (!(error instanceof CorslabError)) throw error
  return error
}

/** A message a person can read: prefixed, one line, no stack frames, no `[object ...]`. */
function expectPlainMessage(error: CorslabError, code: CorslabErrorCode): void {
  expect(isCorslabError(error, code), `${error.code}: ${error.message}`).toBe(true)
  expect(error.message).toMatch(/^\[corslab\] /)
  expect(error.message).not.toContain('\n')
  expect(error.message).not.toMatch(/\bat .+:\d+:\d+/)
  expect(error.message).not.toContain('[object')
}

function listen(server: http.Server | https.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  })
}

function close(server: http.Server | https.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/** A port nothing listens on: one that was just free. */
async function closedPort(): Promise<number> {
  const server = http.createServer()
  const port = await listen(server)
  await close(server)
  return port
}

const corsAnswer = (req: http.IncomingMessage, res: http.ServerResponse) => {
  res.setHeader('access-control-allow-origin', '*')
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { 'access-control-allow-methods': 'GET, PUT', 'access-control-allow-headers': 'content-type' }).end()
  } else {
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]')
  }
}

describe('check on a server it cannot reach', () => {
  it('a closed port: E_NETWORK, says the connection was refused', async () => {
    const port = await closedPort()
    const error = await failure({ url: `http://localhost:${port}/api/items`, origin })
    expectPlainMessage(error, 'E_NETWORK')
    expect(error.message).toContain(`http://localhost:${port}/api/items`)
    expect(error.message).toMatch(/connection was refused.*is the server running/)
  })

  it('a closed port for a preflighted request: the OPTIONS is what fails, and the message names it', async () => {
    const port = await closedPort()
    const error = await failure({ url: `http://localhost:${port}/api/items/1`, origin, method: 'PUT', headers: [['content-type', 'application/json']] })
    expectPlainMessage(error, 'E_NETWORK')
    expect(error.message).toContain('(OPTIONS)')
  })

  it('a host that does not resolve: E_NETWORK, says so', async () => {
    const error = await failure({ url: 'http://corslab-no-such-host.invalid/api/items', origin })
    expectPlainMessage(error, 'E_NETWORK')
    expect(error.message).toContain('corslab-no-such-host.invalid')
    // ENOTFOUND where a resolver answers; EAI_AGAIN on a machine with no DNS at all.
    expect(error.message).toMatch(/host name does not resolve|host name could not be resolved/)
  })

  describe('a server that never answers', () => {
    let server: http.Server
    let port: number
    const seen: string[] = []

    beforeAll(async () => {
      // Reads the request, then says nothing.
      server = http.createServer((req) => void seen.push(req.method ?? ''))
      port = await listen(server)
    })
    afterAll(() => close(server))

    it('times out after timeoutMs with E_NETWORK and says how to raise it', async () => {
      seen.splice(0)
      const started = Date.now()
      const error = await failure({ url: `http://localhost:${port}/api/items`, origin, timeoutMs: 300 })
      const took = Date.now() - started
      expectPlainMessage(error, 'E_NETWORK')
      expect(error.message).toMatch(/no answer to GET within 300 ms/)
      expect(error.message).toContain('--timeout')
      expect(took).toBeGreaterThanOrEqual(280)
      expect(took).toBeLessThan(3000)
      expect(seen).toEqual(['GET'])
    })

    it('a preflight that never gets an answer times out too, and the request is never sent', async () => {
      seen.splice(0)
      const error = await failure({ url: `http://localhost:${port}/api/items/1`, origin, method: 'DELETE', timeoutMs: 300 })
      expectPlainMessage(error, 'E_NETWORK')
      expect(error.message).toMatch(/no answer to OPTIONS within 300 ms/)
      expect(seen).toEqual(['OPTIONS'])
    })
  })

  it('a server that closes the connection on the preflight: blocked, as the browser blocks it, and the PUT is not sent', async () => {
    const seen: string[] = []
    const server = http.createServer((req, res) => {
      seen.push(req.method ?? '')
      if (req.method === 'OPTIONS') req.socket.destroy()
      else corsAnswer(req, res)
    })
    const port = await listen(server)
    try {
      const report = await runCheck({ url: `http://localhost:${port}/api/items/1`, origin, method: 'PUT' })
      expect(report.outcome).toBe('blocked')
      expect(report.browsers.chromium?.verdict).toMatchObject({ stage: 'preflight', reason: 'preflight-network-error' })
      expect(report.exchanges).toEqual([expect.objectContaining({ kind: 'preflight', status: null })])
      expect(seen).toEqual(['OPTIONS'])
    } finally {
      await close(server)
    }
  })

  it('https:// to a server that speaks plain HTTP: E_NETWORK, says the handshake failed', async () => {
    const server = http.createServer(corsAnswer)
    const port = await listen(server)
    try {
      const error = await failure({ url: `https://localhost:${port}/api/items`, origin })
      expectPlainMessage(error, 'E_NETWORK')
      expect(error.message).toMatch(/TLS handshake failed.*plain HTTP/)
    } finally {
      await close(server)
    }
  })
})

// A dev server's reload restarts it on the same port: check must not write to a dead pooled socket.
it('check against a server that restarted on the same port reaches the new server', async () => {
  const first = http.createServer(corsAnswer)
  const port = await listen(first)
  const options: CheckOptions = { url: `http://localhost:${port}/api/items`, origin, method: 'PUT' }
  expect((await runCheck(options)).outcome).toBe('allowed')
  await close(first)
  const seen: string[] = []
  const second = http.createServer((req, res) => {
    seen.push(req.method ?? '')
    corsAnswer(req, res)
  })
  await new Promise<void>((resolve) => second.listen(port, '127.0.0.1', resolve))
  try {
    const report = await runCheck(options)
    expect(report.outcome).toBe('allowed')
    expect(seen).toEqual(['OPTIONS', 'PUT'])
  } finally {
    await close(second)
  }
})

const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' })
const hasOpenssl = openssl.status === 0

describe.skipIf(!hasOpenssl)('check on an https server with a self-signed certificate', () => {
  let dir: string
  let server: https.Server
  let port: number
  const seen: string[] = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'corslab-tls-'))
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' })
    server = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
      seen.push(req.method ?? '')
      corsAnswer(req, res)
    })
    port = await listen(server)
  })

  afterAll(async () => {
    await close(server)
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuses the certificate as a browser does: E_NETWORK, names the TLS error and --insecure, sends nothing', async () => {
    seen.splice(0)
    const error = await failure({ url: `https://localhost:${port}/api/items`, origin })
    expectPlainMessage(error, 'E_NETWORK')
    expect(error.message).toMatch(/TLS certificate was refused \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/)
    expect(error.message).toContain('--insecure')
    expect(seen).toEqual([])
  })

  it('with insecure: true it checks the server: the preflight and the request go through and are allowed', async () => {
    seen.splice(0)
    const report = await runCheck({ url: `https://localhost:${port}/api/items`, origin, method: 'PUT', headers: [['content-type', 'application/json']], insecure: true })
    expect(seen).toEqual(['OPTIONS', 'PUT'])
    expect(report.outcome).toBe('allowed')
    expect(report.exchanges.map((e) => `${e.kind} ${e.status}`)).toEqual(['preflight 204', 'response 200'])
    for (const browser of ['chromium', 'firefox', 'webkit'] as const) {
      expect(report.browsers[browser]?.verdict.outcome).toBe('allowed')
      expect(report.browsers[browser]?.verdict.status).toBe(200)
    }
  })
})

describe('check on input no browser would send', () => {
  // A server that records what reaches it: input no browser would send must be refused before anything is sent.
  let server: http.Server
  let url = ''
  const seen: string[] = []

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.method ?? '')
      corsAnswer(req, res)
    })
    url = `http://localhost:${await listen(server)}/api/items`
  })
  afterAll(() => close(server))

  it.each([
    ['a URL that is not absolute', () => ({ url: '/api/items', origin }), 'E_INVALID_URL', /"\/api\/items" is not an absolute URL/],
    ['a URL that is not a URL', () => ({ url: 'not a url', origin }), 'E_INVALID_URL', /"not a url" is not an absolute URL/],
    ['an origin with no scheme', () => ({ url, origin: 'localhost:5173' }), 'E_INVALID_ORIGIN', /is not a serialized origin.*like 'http:\/\/localhost:5173'/],
  ] satisfies Array<[string, () => CheckOptions, CorslabErrorCode, RegExp]>)('%s', async (_what, options, code, message) => {
    seen.splice(0)
    const error = await failure(options())
    expectPlainMessage(error, code)
    expect(error.message).toMatch(message)
    expect(seen).toEqual([])
  })

  // A request fetch() itself refuses is a verdict, not bad input: every browser blocks it, nothing goes out.
  it.each([
    ['a header name with a space', () => ({ url, origin, headers: [['bad header', 'x']] }), 'invalid-header', "Failed to execute 'fetch' on 'Window': Invalid name"],
    ['a method with a space', () => ({ url, origin, method: 'GE T' }), 'invalid-method', "Failed to execute 'fetch' on 'Window': 'GE T' is not a valid HTTP method."],
    ['a forbidden method', () => ({ url, origin, method: 'CONNECT' }), 'forbidden-method', "Failed to execute 'fetch' on 'Window': 'CONNECT' HTTP method is unsupported."],
  ] satisfies Array<[string, () => CheckOptions, string, string]>)('%s: blocked by fetch() itself, nothing sent', async (_what, options, reason, error) => {
    seen.splice(0)
    const report = await runCheck(options())
    expect(report.outcome).toBe('blocked')
    expect(report.preflight.due).toBe(false)
    expect(report.browsers.chromium?.verdict).toMatchObject({ outcome: 'blocked', stage: 'request', reason, error, message: '' })
    expect(report.browsers.firefox?.verdict.reason).toBe(reason)
    expect(seen).toEqual([])
  })

  it('the same server answers a valid check (so the refusals above are the input, not the server)', async () => {
    seen.splice(0)
    const report = await runCheck({ url, origin, method: 'PUT' })
    expect(report.outcome).toBe('allowed')
    expect(seen).toEqual(['OPTIONS', 'PUT'])
  })
})
