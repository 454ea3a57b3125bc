import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { catalog } from '../../src/scenarios/index.ts'
import { sampleYaml } from '../scenarios/sample.ts'
import { cli, serveInProcess } from './io.ts'

const dir = mkdtempSync(join(tmpdir(), 'corslab-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('corslab --help lists the commands; no command is a usage error', async () => {
  const help = await cli('--help')
  expect(help.code).toBe(0)
  for (const command of ['serve', 'list', 'explain', 'check', 'audit', 'stacks']) expect(help.stdout).toContain(`  ${command} `)
  const none = await cli()
  expect(none.code).toBe(2)
  expect(none.stderr).toContain('Usage: corslab <command>')
})

test.each(['serve', 'list', 'explain', 'check', 'audit', 'stacks'])('corslab %s --help prints its usage', async (command) => {
  const res = await cli(command, '--help')
  expect(res.code).toBe(0)
  expect(res.stdout).toContain(`Usage: corslab ${command}`)
  expect(res.stderr).toBe('')
})

test('--version prints the package version', async () => {
  const res = await cli('--version')
  expect(res).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' })
})

test.each([
  [['frobnicate'], /unknown command "frobnicate"/],
  [['--frob'], /unknown flag --frob/],
  [['serve', '--prot', '80'], /corslab serve: unknown flag --prot\. Run corslab serve --help/],
  [['serve', '--port'], /corslab serve: --port needs a value/],
  [['serve', '--port', 'http'], /--port "http" is not a port/],
  [['serve', '--port', '70000'], /--port "70000" is not a port/],
  [['serve', '--host', ''], /--host is empty/],
  [['serve', 'extra'], /unexpected argument "extra"/],
  [['serve', '--scenario', 'nope'], /no scenario named "nope"\. `npx corslab list` shows all \d+\.$/m],
  [['serve', '--scenario', 'wildcard-credentials'], /no scenario named "wildcard-credentials"\. Did you mean "wildcard-with-credentials"\?/],
  [['serve', '--routes', '/no/such/routes.yaml', '--port', '0'], /cannot read the routes file \/no\/such\/routes\.yaml/],
  [['serve', '--upstream', 'nope', '--port', '0'], /--upstream "nope" is not a URL/],
  [['serve', '--scenarios', '/no/such/dir', '--port', '0'], /cannot read the scenario directory \/no\/such\/dir/],
  [['serve', '--allowed-host', ''], /corslab serve: --allowed-host is empty/],
  [['serve', '--allowed-host'], /corslab serve: --allowed-host needs a value/],
  [['serve', '--allowed-host', 'http://corslab.test', '--port', '0'], /allowed host "http:\/\/corslab.test" is not a host name \(--allowed-host, or the allowedHosts option\)/],
  [['serve', '--log=yes'], /corslab serve: --log takes no value/],
  [['list', '--jsno'], /corslab list: unknown flag --jsno/],
  [['list', '--json=yes'], /corslab list: --json takes no value/],
  [['explain'], /which scenario\?/],
  [['explain', 'nope'], /no scenario named "nope"/],
  [['explain', 'preflight-missing'], /no scenario named "preflight-missing"\. Did you mean "missing-preflight"\?/],
  [['explain', 'a', 'b'], /unexpected argument "b"/],
])('corslab %j is a usage error (exit 2) naming what is wrong', async (argv, message) => {
  const res = await cli(...argv)
  expect(res.code).toBe(2)
  expect(res.stderr).toMatch(message)
  expect(res.stderr).not.toMatch(/\[corslab\]|at .*\.ts:\d+/)
  expect(res.stdout).toBe('')
})


test('corslab list prints every scenario with its probe and what the browsers do with it', async () => {
  const res = await cli('list')
  expect(res.code).toBe(0)
  for (const s of catalog) expect(res.stdout).toContain(s.name)
  expect(res.stdout).toMatch(/missing-allow-origin\s+No CORS at all\n\s+GET \/api\/items -> blocked, at response \(missing-allow-origin\)/)
  // The request is named with its verdict, so "blocked" does not read as "every request is blocked".
  expect(res.stdout).toMatch(/disallowed-header\s+A request header [^\n]*\n\s+POST \/api\/items \(headers content-type, x-request-id\) -> blocked, at preflight \(header-not-allowed\)\n/)
  expect(res.stdout).toMatch(/wildcard-with-credentials\s+\* with credentials\n\s+GET \/api\/me \(credentials\) -> blocked/)
  expect(res.stdout).toMatch(/preflight-cache[^\n]*\n\s+PUT \/api\/items\/1 \(headers content-type; 2 times\) -> allowed, 1 preflight/)
  expect(res.stdout).toMatch(/preflight-requires-auth[^\n]*\n\s+GET \/api\/items \(headers authorization\) -> chromium: blocked, at preflight \(missing-allow-origin\); firefox: .*; webkit: blocked, at preflight \(preflight-invalid-status\)/)
})

test('corslab list --json prints { name, title, summary, probe, expect, security? } per scenario', async () => {
  const res = await cli('list', '--json')
  expect(res.code).toBe(0)
  const rows = JSON.parse(res.stdout)
  expect(rows).toEqual(catalog.map(({ name, title, summary, probe, expect, security }) => ({ name, title, summary, probe, expect, ...(security ? { security } : {}) })))
  expect(rows.find((r: { name: string }) => r.name === 'allow-all').security).toMatchObject({ finding: 'origin-reflected', severity: 'critical' })
})

test('corslab list and explain say which scenarios are insecure in production, and why', async () => {
  const list = (await cli('list')).stdout
  expect(list).toMatch(/allow-all[^\n]*\n[^\n]*\n\s+!! insecure in production: origin-reflected \(critical\)/)
  expect(list).toMatch(/null-allow-origin[^\n]*\n[^\n]*\n\s+security: null-origin-allowed \(low\)/)
  expect(list).toMatch(/missing-allow-origin[^\n]*\n[^\n]*\n(?!\s+(!!|security))/)
  const insecure = catalog.filter((s) => s.security && ['critical', 'high', 'medium'].includes(s.security.severity)).length
  expect(list).toContain(`${catalog.length} scenarios, each with its probe (the request a page makes to show it) and what the browsers do with it; ${insecure} of them insecure in production`)
  const explain = (await cli('explain', 'null-origin-allowed')).stdout
  expect(explain).toContain('Insecure in production: null-origin-allowed (critical).')
  expect(explain).toContain('sandboxed iframe')
})

test('--scenarios DIR adds user scenarios to list and explain', async () => {
  writeFileSync(join(dir, 'mine.yaml'), sampleYaml.replace('name: sample', 'name: mine'))
  const list = await cli('list', '--json', '--scenarios', dir)
  expect(JSON.parse(list.stdout).map((r: { name: string }) => r.name)).toContain('mine')
  const explain = await cli('explain', 'mine', '--scenarios', dir)
  expect(explain.code).toBe(0)
  expect(explain.stdout).toContain('mine: A sample')
})

test('corslab explain NAME: what it does, the probe, the answers, each browser\'s message, the fix', async () => {
  const res = await cli('explain', 'disallowed-method')
  expect(res.code).toBe(0)
  const out = res.stdout
  expect(out).toMatch(/^disallowed-method: PATCH is not in Access-Control-Allow-Methods\n/)
  expect(out).toContain('@fastify/cors with origin: true, methods: ["GET","POST","PUT","DELETE"]')
  // The page is on another origin than the API, so the probe calls the API's absolute URL.
  expect(out).toContain('The probe (a page on http://127.0.0.1:4011 calling the API on http://127.0.0.1:4010, another origin):\n'
    + `  fetch('http://127.0.0.1:4010/api/items/1', { method: 'PATCH', headers: {"content-type":"application/json"} })\n`)
  expect(out).toMatch(/The server answers the preflight with 204:\n(\s+.*\n)*\s+Access-Control-Allow-Methods: GET, POST, PUT, DELETE/)
  expect(out).toContain("Access to fetch at 'http://127.0.0.1:4010/api/items/1' from origin 'http://127.0.0.1:4011' has been blocked by CORS policy: Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response.")
  expect(out).toContain('(Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’)')
  expect(out).toContain('Method PATCH is not allowed by Access-Control-Allow-Methods.')
  // Said once: the scenario's advice, not the engine's wording of the same fix after it.
  expect(out).toMatch(/How to fix the server:\n {2}Add the method to Access-Control-Allow-Methods \(here PATCH\)\.\n$/)
})

test('corslab explain of a scenario without its own fix advice gives the engine\'s, once', async () => {
  writeFileSync(join(dir, 'no-advice.yaml'), [
    'name: no-advice', 'title: No CORS, no advice', 'summary: A server without CORS.', 'policy: {}',
    'probe: { method: GET, path: /api/items }',
    'expect:',
    ...['chromium', 'firefox', 'webkit'].map((b) => `  ${b}: { outcome: blocked, stage: response, reason: missing-allow-origin, preflight: false }`),
  ].join('\n'))
  const res = await cli('explain', 'no-advice', '--scenarios', dir)
  expect(res.code).toBe(0)
  const fix = res.stdout.split('How to fix the server:\n')[1] ?? ''
  expect(fix).not.toBe('')
  expect(new Set(fix.trim().split('\n')).size).toBe(fix.trim().split('\n').length)
  expect(fix).toContain('The server sent no `Access-Control-Allow-Origin`.')
})

test('corslab explain for an allowed scenario says nothing is blocked', async () => {
  const res = await cli('explain', 'allow-all')
  expect(res.stdout).toMatch(/chromium: allowed, after a preflight\n\s+firefox: allowed/)
  expect(res.stdout).not.toContain('blocked by CORS policy')
})

test('corslab serve prints the ready line with the real port, serves, and stops on the signal', async () => {
  const { server, output, stop } = await serveInProcess('--port', '0', '--scenario', 'missing-allow-origin')
  expect(output().stdout.split('\n')[0]).toBe(`corslab listening on http://127.0.0.1:${server.port} (scenario: missing-allow-origin)`)
  expect(output().stdout).toContain(`dashboard: ${server.pageUrl}`)
  const res = await fetch(`${server.url}/api/items`, { headers: { origin: 'http://localhost:3000' } })
  expect(res.status).toBe(200)
  expect(res.headers.get('access-control-allow-origin')).toBeNull()
  expect(await stop()).toBe(0)
  await expect(fetch(`${server.url}/api/items`)).rejects.toThrow()
})

test('corslab serve on a port in use exits 2 with a clear message', async () => {
  const first = await serveInProcess('--port', '0')
  try {
    const res = await cli('serve', '--port', String(first.server.port))
    expect(res.code).toBe(2)
    expect(res.stderr).toMatch(new RegExp(`corslab: port ${first.server.port} on 127\\.0\\.0\\.1 is already in use`))
  } finally {
    await first.stop()
  }
})

test('corslab serve --host 0.0.0.0 prints the token', async () => {
  const { server, output, stop } = await serveInProcess('--port', '0', '--host', '0.0.0.0')
  try {
    expect(output().stdout.split('\n')[0]).toBe(`corslab listening on http://0.0.0.0:${server.port} (scenario: allow-all)`)
    expect(output().stdout).toContain(`control API token: ${server.token}`)
  } finally {
    await stop()
  }
})
