import { describe, expect, it, test } from 'vitest'
import type { CheckReport } from '../../src/check/index.ts'
import { catalog } from '../../src/scenarios/index.ts'
import {
  buildFix,
  closestStack,
  getStack,
  headersFor,
  needFromReport,
  needOf,
  recogniseStack,
  scenarioNeed,
  scenarioPolicy,
  stacks,
} from '../../src/stacks/index.ts'

const page = 'http://localhost:5173'
const credentialed = needOf({ origins: [page], method: 'PUT', requestHeaders: ['Content-Type', 'Authorization'], credentials: true, exposeHeaders: ['X-Total-Count'] })
const simple = needOf({ origins: [page], method: 'GET' })

// How each stack spells "credentials allowed": present with credentials, absent without.
const credentialsWord: Record<string, RegExp> = {
  express: /credentials: true/,
  nestjs: /credentials: true/,
  fastify: /credentials: true/,
  hono: /credentials: true/,
  koa: /credentials: true/,
  nextjs: /Access-Control-Allow-Credentials/,
  flask: /supports_credentials=True/,
  django: /CORS_ALLOW_CREDENTIALS = True/,
  fastapi: /allow_credentials=True/,
  rails: /credentials: true/,
  rack: /credentials: true/,
  go: /AllowCredentials: true/,
  nginx: /Access-Control-Allow-Credentials/,
  apache: /Access-Control-Allow-Credentials/,
  caddy: /Access-Control-Allow-Credentials/,
  spring: /allowCredentials\(true\)/,
  aspnet: /AllowCredentials\(\)/,
  laravel: /'supports_credentials' => true/,
  'api-gateway': /"AllowCredentials": true/,
  s3: /./, // S3 allows credentials for every listed origin by itself
}

describe('the header-level fix', () => {
  it('names the page origin, allows credentials, the method and the headers asked for, and varies on Origin', () => {
    expect(headersFor(credentialed)).toEqual({
      preflight: [
        ['Access-Control-Allow-Origin', page],
        ['Access-Control-Allow-Credentials', 'true'],
        ['Access-Control-Allow-Methods', 'PUT'],
        ['Access-Control-Allow-Headers', 'content-type, authorization'],
        ['Access-Control-Max-Age', '600'],
        ['Vary', 'Origin'],
      ],
      response: [
        ['Access-Control-Allow-Origin', page],
        ['Access-Control-Allow-Credentials', 'true'],
        ['Access-Control-Expose-Headers', 'x-total-count'],
        ['Vary', 'Origin'],
      ],
    })
  })

  it('has no preflight part for a simple request, and no credentials line without credentials', () => {
    expect(headersFor(simple)).toEqual({ preflight: [], response: [['Access-Control-Allow-Origin', page], ['Vary', 'Origin']] })
  })

  it('never allows the null origin: a placeholder and a note instead', () => {
    const fix = buildFix(needOf({ origins: ['null'], method: 'GET', credentials: true }), 'express')
    expect(fix.headers.response[0]).toEqual(['Access-Control-Allow-Origin', 'https://app.example.com'])
    expect(fix.snippet).not.toContain("'null'")
    expect(fix.notes.join(' ')).toContain('sandboxed')
  })

  it('without a stack: no snippet, and a hint to pass --stack', () => {
    const fix = buildFix(credentialed)
    expect(fix.stack).toBeNull()
    expect(fix.snippet).toBeNull()
    expect(fix.notes.at(-1)).toMatch(/--stack NAME/)
  })
})

describe.each(stacks.map((s) => [s.id, s] as const))('%s', (id, stack) => {
  const fix = buildFix(credentialed, id)

  it('names the page origin, the method, each header and the exposed header, and nothing wider', () => {
    expect(fix.stack).toBe(id)
    const snippet = fix.snippet ?? ''
    expect(snippet).toContain(page)
    expect(snippet).toMatch(/PUT|:put/)
    for (const name of ['content-type', 'authorization', 'x-total-count']) expect(snippet.toLowerCase()).toContain(name)
    expect(snippet).toMatch(credentialsWord[id] as RegExp)
    // No wildcard origin and no reflection of any origin.
    expect(snippet).not.toMatch(/origins?[^\n]*['"]\*['"]|AllowAnyOrigin|allowedOriginPatterns|ALLOW_ALL|origin: true|^set \$cors_origin \$http_origin;|%\{Origin\}i/m)
    if (id !== 's3') expect(buildFix(simple, id).snippet).not.toMatch(credentialsWord[id] as RegExp)
  })

  it('says where the snippet goes and warns about the stack’s traps', () => {
    expect(fix.notes[0]).toMatch(/^Where it goes: /)
    expect(Object.keys(stack.traps).length).toBeGreaterThanOrEqual(2)
    for (const trap of Object.values(stack.traps)) expect(fix.notes).toContain(trap)
  })

  it('writes every scenario’s CORS configuration (explain --stack) without failing', () => {
    for (const scenario of catalog) {
      const policy = scenarioPolicy(scenario)
      if (policy !== null) expect(stack.configure(policy)).toBeTruthy()
      expect(buildFix(scenarioNeed(scenario, page), id).snippet).toContain(page)
    }
  })

  it('says how it is proven, or why it cannot be here', () => {
    expect((stack.proof.proven ? stack.proof.how : stack.proof.why).length).toBeGreaterThan(20)
  })
})

describe('the traps each stack is known for', () => {
  test.each([
    ['django', 'order', /before CommonMiddleware|before any middleware/],
    ['rails', 'order', /insert_before 0/],
    ['nginx', 'order', /inherited only by blocks that have no add_header/],
    ['nginx', 'hand-written', /`if`/],
    ['nginx', 'errors', /always/],
    ['apache', 'errors', /always/],
    ['fastify', 'defaults', /GET,HEAD,POST/],
    ['fastapi', 'errors', /ServerErrorMiddleware/],
    ['express', 'errors', /before cors\(\)/],
  ])('%s: %s', (id, trap, text) => {
    expect(getStack(id).traps[trap as keyof ReturnType<typeof getStack>['traps']]).toMatch(text)
  })
})

describe('stack names', () => {
  it('takes ids and aliases in any case', () => {
    expect(getStack('Flask').id).toBe('flask')
    expect(getStack('starlette').id).toBe('fastapi')
    expect(getStack('spring-boot').id).toBe('spring')
    expect(getStack('@fastify/cors').id).toBe('fastify')
  })

  test.each([
    ['flsk', 'flask'],
    ['djang', 'django'],
    ['expres', 'express'],
    ['nginix', 'nginx'],
    ['aspnet-core', 'aspnet'],
    ['rials', 'rails'],
  ])('an unknown name %s suggests %s', (name, id) => {
    expect(closestStack(name)).toBe(id)
    expect(() => getStack(name)).toThrow(`did you mean ${id}?`)
  })

  it('has unique ids and aliases', () => {
    const names = stacks.flatMap((s) => [s.id, ...s.aliases])
    expect(new Set(names).size).toBe(names.length)
  })
})

describe('recognising the stack from the answers', () => {
  test.each([
    [[['server', 'Werkzeug/2.2.2 Python/3.11.2']], 'flask'],
    [[['x-powered-by', 'Express']], 'express'],
    [[['server', 'nginx/1.22.1'], ['x-powered-by', 'Express']], 'express'],
    [[['server', 'uvicorn']], 'fastapi'],
    [[['server', 'nginx']], 'nginx'],
    [[['server', 'Apache/2.4.62 (Debian)']], 'apache'],
    [[['server', 'Caddy']], 'caddy'],
    [[['server', 'Kestrel']], 'aspnet'],
    [[['server', 'AmazonS3']], 's3'],
    [[['apigw-requestid', 'abc=']], 'api-gateway'],
    [[['x-runtime', '0.01'], ['x-request-id', 'r']], 'rails'],
    [[['server', 'WEBrick/1.8.1 (Ruby/3.1.2/2022-04-12)']], 'rack'],
    [[['set-cookie', 'XSRF-TOKEN=a; path=/'], ['set-cookie', 'laravel_session=b; path=/']], 'laravel'],
    [[['x-frame-options', 'DENY'], ['referrer-policy', 'same-origin'], ['x-content-type-options', 'nosniff']], 'django'],
    [[['x-powered-by', 'Next.js']], 'nextjs'],
  ] as Array<[Array<[string, string]>, string]>)('%j is %s', (headers, id) => {
    expect(recogniseStack([headers])?.stack).toBe(id)
  })

  it('is null when nothing shows the stack', () => {
    expect(recogniseStack([[['content-type', 'application/json']], []])).toBeNull()
  })
})

describe('what a checked request needs', () => {
  const report = (exposed: string | null, credentials: boolean): CheckReport => ({
    request: { url: 'http://api.test/x', origin: page, method: 'PUT', headers: [['content-type', 'application/json'], ['x-request-id', '1']], credentials: credentials ? 'include' : 'same-origin' },
    preflight: { due: true, why: ['method PUT'] },
    exchanges: [
      { kind: 'preflight', method: 'OPTIONS', url: 'http://api.test/x', requestHeaders: [], status: 204, headers: [['access-control-max-age', '86400']] },
      {
        kind: 'response',
        method: 'PUT',
        url: 'http://api.test/x',
        requestHeaders: [],
        status: 200,
        headers: [['content-type', 'application/json'], ['x-total-count', '2'], ['etag', '"1"'], ...(exposed === null ? [] : [['access-control-expose-headers', exposed] as [string, string]])],
      },
    ],
    browsers: {},
    outcome: 'blocked',
  })

  it('takes the origin, method, the headers that are not safelisted, credentials and the max-age the server sends', () => {
    expect(needFromReport(report(null, true), { expose: ['X-Total-Count'] })).toEqual({
      origins: [page],
      method: 'PUT',
      requestHeaders: ['content-type', 'x-request-id'],
      credentials: true,
      exposeHeaders: ['x-total-count'],
      preflight: true,
      maxAge: 86400,
    })
  })

  it('keeps the names the server exposes; a * with credentials becomes the response’s header names', () => {
    expect(needFromReport(report('etag', false)).exposeHeaders).toEqual(['etag'])
    expect(needFromReport(report('*', true)).exposeHeaders).toEqual(['etag', 'x-total-count'])
  })
})
