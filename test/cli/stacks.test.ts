import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest'
import { stacks } from '../../src/stacks/index.ts'
import { cli } from './io.ts'

describe('corslab stacks', () => {
  it('--json lists every stack with whether its fix is proven', async () => {
    const res = await cli('stacks', '--json')
    expect(res.code).toBe(0)
    const rows = JSON.parse(res.stdout) as Array<{ id: string; name: string; proven: boolean; proof: string }>
    expect(rows.map((r) => r.id)).toEqual(stacks.map((s) => s.id))
    expect(rows.filter((r) => r.proven).length).toBeGreaterThanOrEqual(12)
    for (const id of ['spring', 'aspnet', 'laravel', 'api-gateway', 's3']) expect(rows.find((r) => r.id === id)?.proven).toBe(false)
    expect(rows.find((r) => r.id === 'flask')).toMatchObject({ name: 'Flask (flask-cors)', proven: true })
  })

  it('prints one line per stack, proven or not and why', async () => {
    const res = await cli('stacks')
    expect(res.code).toBe(0)
    expect(res.stdout).toMatch(/^flask +Flask \(flask-cors\) +proven: /m)
    expect(res.stdout).toMatch(/^spring +.* not proven: no JDK/m)
    expect(res.stdout).toMatch(/\d+ of 20 fixes are proven by the test suite/)
  })

  test.each([
    [['stacks', 'extra'], /unexpected argument "extra"/],
    [['check', 'http://127.0.0.1:9/x', '--origin', 'http://a.test', '--stack', 'flsk'], /--stack: Unknown stack "flsk": did you mean flask\?/],
    [['check', 'http://127.0.0.1:9/x', '--origin', 'http://a.test', '--expose', 'x total'], /--expose "x total" is not a header name/],
    [['explain', 'missing-allow-origin', '--stack', 'djnago'], /did you mean django\?/],
    [['explain', 'missing-allow-origin', '--stack'], /corslab explain: --stack needs a value/],
    [['explain', 'local-network-access', '--stack', 'express'], /corslab explain local-network-access: --stack does not apply/],
    [['check', 'http://127.0.0.1:9/x', '--origin', 'http://a.test', '--stack'], /corslab check: --stack needs a value/],
    [['check', 'http://127.0.0.1:9/x', '--origin', 'http://a.test', '--redirect'], /corslab check: --redirect needs a value/],
    [['stacks', '--jsn'], /corslab stacks: unknown flag --jsn/],
    [['stacks', '--json=yes'], /corslab stacks: --json takes no value/],
  ])('corslab %j is a usage error naming the flag', async (argv, message) => {
    const res = await cli(...argv)
    expect(res.code).toBe(2)
    expect(res.stderr).toMatch(message)
    expect(res.stdout).toBe('')
  })
})

describe('check --stack against a real server', () => {
  let plain: http.Server
  let correct: http.Server
  const url = (server: http.Server) => `http://localhost:${(server.address() as AddressInfo).port}/api/items`
  const page = 'http://127.0.0.1:5173'

  beforeAll(async () => {
    // An API that knows nothing of CORS, behind a server that names itself.
    plain = http.createServer((_req, res) => res.writeHead(200, { server: 'Werkzeug/2.2.2 Python/3.11.2', 'x-total-count': '2' }).end('[]'))
    correct = http.createServer((req, res) => {
      const cors = { 'access-control-allow-origin': page, vary: 'Origin' }
      if (req.method === 'OPTIONS') return void res.writeHead(204, { ...cors, 'access-control-allow-methods': 'PUT' }).end()
      res.writeHead(200, cors).end('[]')
    })
    for (const server of [plain, correct]) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  })
  afterAll(() => {
    plain?.close()
    correct?.close()
  })

  it('recognises Flask from Server: Werkzeug and prints the flask-cors fix', async () => {
    const res = await cli('check', url(plain), '--origin', page, '-X', 'PUT', '--credentials', '--expose', 'x-total-count')
    expect(res.code).toBe(1)
    expect(res.stdout).toContain('Fix in Flask (flask-cors) (recognised from server: Werkzeug/2.2.2 Python/3.11.2; pass --stack NAME if that is wrong)')
    expect(res.stdout).toContain(`    CORS(app, origins=["${page}"], supports_credentials=True, methods=["PUT"], allow_headers=[], expose_headers=["x-total-count"], max_age=600)`)
    expect(res.stdout).toContain('  On the answer to the preflight (OPTIONS):')
  })

  it('--stack chooses the stack; --json carries the fix beside the per-browser fixes', async () => {
    const res = await cli('check', url(plain), '--origin', page, '-X', 'PUT', '--credentials', '--stack', 'nginx', '--json')
    expect(res.code).toBe(1)
    const report = JSON.parse(res.stdout)
    expect(report.fix.stack).toBe('nginx')
    expect(report.fix.snippet).toContain(`if ($http_origin = "${page}")`)
    expect(report.fix.headers.preflight).toContainEqual(['Access-Control-Allow-Methods', 'PUT'])
    expect(report.fix.headers.response).toContainEqual(['Vary', 'Origin'])
    expect(report.fix.notes.some((n: string) => n.includes('add_header is inherited'))).toBe(true)
    expect(report.browsers.chromium.fix.header).toBe('Access-Control-Allow-Origin')
  })

  it('without a recognisable stack: the headers to send and a hint to pass --stack', async () => {
    const bare = http.createServer((_req, res) => res.writeHead(200).end('[]'))
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve))
    try {
      const text = await cli('check', url(bare), '--origin', page)
      expect(text.stdout).toContain('Fix: the headers to send (pass --stack NAME for the code in your framework; corslab stacks lists them)')
      expect(text.stdout).toContain(`    Access-Control-Allow-Origin: ${page}`)
      const json = JSON.parse((await cli('check', url(bare), '--origin', page, '--json')).stdout)
      expect(json.fix).toMatchObject({ stack: null, snippet: null })
    } finally {
      bare.close()
    }
  })

  it('an allowed request has fix null, unless --stack asks for the code anyway', async () => {
    const allowed = JSON.parse((await cli('check', url(correct), '--origin', page, '-X', 'PUT', '--json')).stdout)
    expect(allowed.outcome).toBe('allowed')
    expect(allowed.fix).toBeNull()
    const asked = JSON.parse((await cli('check', url(correct), '--origin', page, '-X', 'PUT', '--json', '--stack', 'express')).stdout)
    expect(asked.fix.snippet).toContain(`origin: ['${page}']`)
  })
})

describe('explain --stack', () => {
  it("shows the seed's mistake in flask-cors and the fix", async () => {
    const res = await cli('explain', 'allow-all', '--stack', 'flask')
    expect(res.code).toBe(0)
    expect(res.stdout).toContain('In Flask (flask-cors):')
    expect(res.stdout).toMatch(/The mistake, written in Flask \(flask-cors\) \(every origin reflected, with credentials: any site can read the answers with the user's cookies\):/)
    expect(res.stdout).toContain('CORS(app, origins="*", supports_credentials=True')
    expect(res.stdout).toContain('CORS(app, origins=["http://127.0.0.1:4011"], supports_credentials=True')
  })

  it("names the stack's own trap for a fault outside the CORS configuration", async () => {
    const res = await cli('explain', 'error-responses-without-cors', '--stack', 'fastapi')
    expect(res.stdout).toContain('ServerErrorMiddleware')
    const nginx = await cli('explain', 'preflight-requires-auth', '--stack', 'nginx')
    expect(nginx.stdout).toContain('In nginx (add_header ... always): add_header is inherited')
  })
})
