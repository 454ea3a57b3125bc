// What `corslab serve` says while it serves: --log's line per request, the upstream on its own line
// after the ready line, and a line for each request the upstream did not answer.
import { afterEach, expect, test } from 'vitest'
import { startBackend } from '../server/backend.ts'
import { closedPort } from '../support/closed-port.ts'
import { serveInProcess } from './io.ts'

const origin = 'http://localhost:5173'
const stops: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop()
})

async function serve(...argv: string[]) {
  const running = await serveInProcess('--port', '0', ...argv)
  stops.push(running.stop)
  return running
}

/** Resolves once `output()` matches `pattern` (the log line is written after the answer is sent). */
async function until(read: () => string, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 400 && !pattern.test(read()); i++) await new Promise((r) => setTimeout(r, 10))
  return read()
}

test('--log prints one line per request: method, path, scenario, status, and the verdict with its reason', async () => {
  const { server, output } = await serve('--log', '--scenario', 'disallowed-header')
  await fetch(`${server.url}/api/items`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-request-id' } })
  await fetch(`${server.url}/@missing-allow-origin/api/items/1`, { headers: { origin } })
  await fetch(`${server.url}/api/items`, { headers: { origin } })
  await fetch(`${server.url}/api/items`)
  const lines = (await until(() => output().stdout, /GET \/api\/items \[disallowed-header\] 200 not a CORS/)).split('\n').slice(2, 6)
  const time = String.raw`\d\d:\d\d:\d\d\.\d{3}`
  expect(lines[0]).toMatch(new RegExp(`^${time} OPTIONS /api/items \\(preflight for POST: content-type,x-request-id\\) \\[disallowed-header\\] 204 blocked at preflight: header-not-allowed$`))
  expect(lines[1]).toMatch(new RegExp(`^${time} GET /api/items/1 \\[missing-allow-origin\\] 200 blocked at response: missing-allow-origin$`))
  expect(lines[2]).toMatch(new RegExp(`^${time} GET /api/items \\[disallowed-header\\] 200 allowed$`))
  expect(lines[3]).toMatch(new RegExp(`^${time} GET /api/items \\[disallowed-header\\] 200 not a CORS request \\(no Origin\\)$`))
})

test('without --log, serve prints nothing per request', async () => {
  const { server, output } = await serve()
  await fetch(`${server.url}/api/items`, { headers: { origin } })
  expect(output().stdout.split('\n').filter(Boolean)).toHaveLength(2)
})

test('--upstream: the upstream on its own line right after the unchanged ready line; answers from it are marked', async () => {
  const backend = await startBackend()
  const { server, output } = await serve('--log', '--upstream', backend.url)
  stops.push(() => backend.close())
  const [ready, upstream] = output().stdout.split('\n')
  expect(ready).toBe(`corslab listening on ${server.url} (scenario: allow-all)`)
  expect(upstream).toBe(`upstream: ${backend.url} (every request is proxied there; its Access-Control-* headers are replaced by the scenario's)`)
  const res = await fetch(`${server.url}/api/items`, { headers: { origin } })
  expect(res.headers.get('via')).toBe('1.1 corslab')
  expect(await until(() => output().stdout, /from upstream/)).toMatch(/ GET \/api\/items \[allow-all\] 200 from upstream allowed\n/)
})

test('an upstream that refuses the connection: a 502 for the page and a line on stderr saying so', async () => {
  const port = await closedPort()
  const { server, output } = await serve('--upstream', `http://127.0.0.1:${port}`)
  const res = await fetch(`${server.url}/api/items?page=2`, { headers: { origin } })
  expect(res.status).toBe(502)
  expect(await until(() => output().stderr, /\n$/)).toBe(`corslab: the upstream did not answer GET http://127.0.0.1:${port}/api/items?page=2 (connect ECONNREFUSED 127.0.0.1:${port}); the page got a 502. Is the backend running at http://127.0.0.1:${port}?\n`)
})
