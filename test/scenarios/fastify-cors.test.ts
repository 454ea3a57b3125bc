import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors'
import Fastify from 'fastify'
import { expect, test } from 'vitest'
import { corsUnsafeRequestHeaderNames, preflightHeaders } from '../../src/engine/index.ts'
import { answer, catalog, type CorsOptions, type Scenario } from '../../src/scenarios/index.ts'

// `answer()` before faults must send what the real @fastify/cors sends, for every scenario's option
// set and a few more, for the probe's preflight and request from several origins.

const extraOptionSets: CorsOptions[] = [
  { origin: 'https://a.example', credentials: true, exposedHeaders: 'x-a, x-b', maxAge: 0 },
  { origin: ['https://a.example', '*'] },
  { origin: true, allowedHeaders: 'x-one,x-two', methods: 'GET,PUT', optionsSuccessStatus: 200 },
  { origin: false },
  { origin: true, strictPreflight: false },
  { origin: 'https://a.example', preflight: false },
  { origin: ['https://a.example', 'http://localhost:3000'], credentials: true, maxAge: 600, exposedHeaders: ['x-total-count', 'etag'] },
  { origin: { regex: 'localhost' }, credentials: true },
  { origin: [{ regex: '^https://app\\.example\\.com$' }, 'null', { regex: ':3000$' }] },
]

const cases: Array<[string, CorsOptions, Scenario['probe']]> = [
  ...catalog.filter((s) => s.policy.cors !== undefined).map((s): [string, CorsOptions, Scenario['probe']] => [s.name, s.policy.cors as CorsOptions, s.probe]),
  ...extraOptionSets.map((o, i): [string, CorsOptions, Scenario['probe']] => [`option set ${i + 1}: ${JSON.stringify(o)}`, o, { method: 'PUT', path: '/api/items/1', headers: { 'content-type': 'application/json', 'x-one': '1' }, credentials: 'include' }]),
]

const origins = ['http://localhost:3000', 'https://app.example.com', 'http://localhost:5173', 'null']
const isCorsLine = (name: string) => /^(access-control-|vary$)/i.test(name)

// A scenario writes a RegExp as { regex }: the plugin gets the RegExp.
function pluginOptions(options: CorsOptions): FastifyCorsOptions {
  const origin = (o: unknown) => (typeof o === 'object' && o !== null ? new RegExp((o as { regex: string }).regex) : o)
  if (options.origin === undefined) return options as FastifyCorsOptions
  return { ...options, origin: Array.isArray(options.origin) ? options.origin.map(origin) : origin(options.origin) } as FastifyCorsOptions
}

async function realPlugin(options: CorsOptions) {
  const app = Fastify()
  await app.register(fastifyCors, pluginOptions(options))
  // No OPTIONS route of its own: an OPTIONS the plugin does not answer reaches its catch-all and 404s.
  app.route({ method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/api/*', handler: async () => '{}' })
  await app.ready()
  return app
}

function lines(headers: Record<string, string | string[] | number | undefined>): Array<[string, string]> {
  const out: Array<[string, string]> = []
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !isCorsLine(name)) continue
    for (const v of [value].flat()) out.push([name.toLowerCase(), String(v)])
  }
  return out.sort()
}

test.each(cases)('%s: answer() sends what @fastify/cors sends', async (_name, options, probe) => {
  const app = await realPlugin(options)
  const scenario: Scenario = { name: 'x', title: 'x', summary: 'x', policy: { cors: options }, probe, expect: {} as Scenario['expect'] }
  const probeHeaders = Object.entries(probe.headers ?? {})
  const unsafe = corsUnsafeRequestHeaderNames(probeHeaders)
  const requests: Array<{ method: string, headers: Array<[string, string]> }> = []
  for (const origin of origins) {
    requests.push({ method: 'OPTIONS', headers: preflightHeaders(probe.method, unsafe, origin) })
    requests.push({ method: probe.method, headers: [...probeHeaders, ['origin', origin]] })
  }
  requests.push({ method: 'GET', headers: [] })
  requests.push({ method: 'OPTIONS', headers: [['origin', 'http://localhost:3000']] })
  requests.push({ method: 'OPTIONS', headers: [['access-control-request-method', 'GET']] })

  for (const request of requests) {
    const withBody = !['GET', 'HEAD', 'OPTIONS'].includes(request.method)
    const real = await app.inject({ method: request.method as 'GET', url: probe.path, headers: Object.fromEntries(request.headers), ...(withBody ? { payload: '{}' } : {}) })
    const route = request.method === 'OPTIONS'
      ? { status: 404, headers: [['content-type', 'application/json; charset=utf-8']] as Array<[string, string]> }
      : { status: 200 }
    const ours = answer(scenario, { method: request.method, path: probe.path, headers: request.headers }, route)
    const what = `${request.method} ${JSON.stringify(request.headers)}`
    expect(ours.status, what).toBe(real.statusCode)
    expect(lines(Object.fromEntries(ours.headers.map(([n, v]) => [n.toLowerCase(), v]))), what).toEqual(lines(real.headers))
    if (ours.from === 'cors') expect(ours.body, what).toBe(real.body)
  }
  await app.close()
})
