// The server under bytes no browser sends, over raw sockets: every case is answered or the connection
// is closed (never left hanging), the server keeps serving, and the journal stays consistent.
import { connect } from 'node:net'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { catalog } from '../../src/index.ts'
import { contextOf } from '../../src/server/create-server.ts'
import { startServer, type JournalEntry, type RunningServer } from '../../src/server/index.ts'
import { expectConsistentJournal, origin, raw, responses, send, statuses } from './support.ts'

let server: RunningServer
beforeAll(async () => {
  server = await startServer({ port: 0, pagePort: false, log: () => {}, journalSize: 20_000 })
})
afterAll(() => server.close())

/** Resolves once the journal holds `count` entries that `match`, waiting on its entry events. */
function journaled(match: (entry: JournalEntry) => boolean, count: number): Promise<void> {
  const journal = contextOf(server.app).journal
  return new Promise((resolve) => {
    let seen = journal.entries().filter(match).length
    if (seen >= count) return resolve()
    const stop = journal.subscribe((event) => {
      if (event.type !== 'entry' || !match(event.data) || ++seen < count) return
      stop()
      resolve()
    })
  })
}

async function stillServing(): Promise<void> {
  const reply = await send(`${server.url}/api/items`, { headers: { origin } })
  expect(reply.status).toBe(200)
  expect(JSON.parse(reply.body)).toHaveLength(3)
}

// What each case must get back: a response (with a status among `status`, when given), or either
// a response or a closed connection.
type Want = { answer: true, status?: number[] } | { answer: false }

interface Case {
  name: string
  bytes: Array<Buffer | string>
  want: Want
  /** Half-close after writing (for requests the parser would otherwise wait to complete). */
  end?: boolean
  /** How many responses are due, when answered (default 1). */
  count?: number
}

const request = (head: string, lines: string[] = []) => [head, 'Host: 127.0.0.1', ...lines, 'Connection: close', '', ''].join('\r\n')
const get = (path: string, lines: string[] = []) => request(`GET ${path} HTTP/1.1`, lines)
const answered = (status?: number[]): Want => (status === undefined ? { answer: true } : { answer: true, status })
const anyway: Want = { answer: false }
const repeat = (line: string, times: number) => Array.from({ length: times }, () => line)

const cases: Case[] = [
  // Methods
  { name: 'an unknown method', bytes: [get('/api/items').replace(/^GET/, 'FROB')], want: anyway },
  { name: 'a lower-case method', bytes: [get('/api/items').replace(/^GET/, 'get')], want: anyway },
  { name: 'a method of 1,000 letters', bytes: [get('/api/items').replace(/^GET/, 'A'.repeat(1000))], want: anyway },
  { name: 'PROPFIND, which the parser knows and no route serves', bytes: [request('PROPFIND /api/items HTTP/1.1')], want: answered() },
  { name: 'QUERY with a body', bytes: [request('QUERY /api/items HTTP/1.1', ['Content-Length: 2']) + '{}'], want: anyway },
  { name: 'CONNECT to a path', bytes: [request('CONNECT /api/items HTTP/1.1')], want: anyway },
  { name: 'TRACE', bytes: [request('TRACE /@allow-all/api/items HTTP/1.1', [`Origin: ${origin}`])], want: answered() },
  { name: 'an empty method', bytes: [get('/api/items').replace(/^GET/, '')], want: anyway },
  // Request lines
  { name: 'binary garbage', bytes: [Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 151 + 7) % 256))], want: anyway },
  { name: 'a TLS ClientHello', bytes: [Buffer.from('160301020001000200030300' + 'ab'.repeat(64), 'hex')], want: anyway },
  { name: 'the HTTP/2 preface', bytes: ['PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'], want: anyway },
  { name: 'HTTP/9.9', bytes: [get('/api/items').replace('HTTP/1.1', 'HTTP/9.9')], want: anyway },
  { name: 'HTTP/1.0 without Host', bytes: ['GET /api/items HTTP/1.0\r\n\r\n'], want: answered([200]) },
  { name: 'no version (HTTP/0.9 style)', bytes: ['GET /api/items\r\n\r\n'], want: anyway, end: true },
  { name: 'two spaces in the request line', bytes: [get('/api/items').replace('GET ', 'GET  ')], want: anyway },
  { name: 'a path without its leading slash', bytes: [get('api/items')], want: anyway },
  { name: 'the asterisk target', bytes: [request('OPTIONS * HTTP/1.1', [`Origin: ${origin}`, 'Access-Control-Request-Method: PUT'])], want: answered() },
  { name: 'a 12,000-character path', bytes: [get(`/api/${'x'.repeat(12_000)}`)], want: answered() },
  { name: 'bad percent escapes in the path and the prefix', bytes: [get('/@%zz%/api/%G0?%%=%')], want: answered() },
  { name: 'a prefix naming no scenario', bytes: [get('/@../../etc/passwd', [`Origin: ${origin}`])], want: answered([404]) },
  { name: 'empty lines before the request line', bytes: ['\r\n\r\n' + get('/api/items')], want: anyway },
  { name: 'bare LF line ends', bytes: ['GET /api/items HTTP/1.1\nHost: x\nConnection: close\n\n'], want: anyway },
  { name: 'a folded header line', bytes: [get('/api/items', [`Origin: ${origin}`, ' folded'])], want: anyway },
  // Sizes and repetition
  { name: 'a 20 kB header value (over Node\'s 16 kB limit)', bytes: [get('/api/items', [`X-Huge: ${'a'.repeat(20_000)}`])], want: answered([431]) },
  { name: 'a 20 kB header name', bytes: [get('/api/items', [`X-${'n'.repeat(20_000)}: 1`])], want: answered([431]) },
  { name: '200 kB of headers, sent in pieces', bytes: [get('/api/items', repeat(`X-Many: ${'m'.repeat(90)}`, 2000))], want: anyway },
  // Node refuses somewhere between 500 and 1,000 header lines, however short (431).
  { name: '3,000 repeated header lines of 3 bytes', bytes: [get('/@allow-all/api/items', [`Origin: ${origin}`, ...repeat('a:1', 3000)])], want: answered([200, 431]) },
  { name: '500 repeated header lines', bytes: [get('/@allow-all/api/items', [`Origin: ${origin}`, ...repeat('a:1', 500)])], want: answered([200]) },
  { name: '450 repeated Origin lines', bytes: [get('/@allow-all/api/items', repeat('Origin: http://a.example', 450))], want: answered([200]) },
  { name: 'a preflight asking for 1,500 header names in 400 lines', bytes: [request('OPTIONS /@allow-all/api/items/1 HTTP/1.1', [`Origin: ${origin}`, 'Access-Control-Request-Method: PUT', ...repeat('Access-Control-Request-Headers: a,b,c,d', 375)])], want: answered([204]) },
  { name: 'a preflight with 400 Access-Control-Request-Method lines', bytes: [request('OPTIONS /@disallowed-method/api/items/1 HTTP/1.1', [`Origin: ${origin}`, ...repeat('Access-Control-Request-Method: PATCH', 400)])], want: answered() },
  // Origin values a browser never sends
  ...['null', '', '*', 'http://', 'javascript:alert(1)', 'http://a b', 'HTTP://A.EXAMPLE', 'http://a.example/path?q#f', 'http://[::1', 'http://a.example:99999',
    'http://a.example, http://b.example', '\t http://a.example \t', `http://${'a'.repeat(8000)}.example`, 'file://', 'http://%41.example', 'http://0x7f.1/']
    .flatMap((value) => ['allow-all', 'allow-list', 'missing-allow-origin', 'duplicate-allow-origin'].map((scenario): Case => ({
      name: `Origin ${JSON.stringify(value.slice(0, 40))} under ${scenario}`,
      bytes: [get(`/@${scenario}/api/items`, [`Origin: ${value}`])],
      want: answered([200]),
    }))),
  { name: 'an Origin of UTF-8 bytes', bytes: [Buffer.concat([Buffer.from('GET /@allow-all/api/items HTTP/1.1\r\nHost: x\r\nOrigin: http://'), Buffer.from('bücher.例え.jp', 'utf8'), Buffer.from('\r\nConnection: close\r\n\r\n')])], want: answered([200]) },
  { name: 'an Origin of Latin-1 high bytes', bytes: [Buffer.concat([Buffer.from('GET /@allow-all/api/items HTTP/1.1\r\nHost: x\r\nOrigin: http://'), Buffer.from([0xff, 0xfe, 0x80, 0xa0]), Buffer.from('\r\nConnection: close\r\n\r\n')])], want: answered([200]) },
  { name: 'an Origin with DEL', bytes: [get('/@allow-all/api/items', ['Origin: http://a\x7fb'])], want: anyway },
  { name: 'an Origin with a control character', bytes: [get('/@allow-all/api/items', ['Origin: http://a\x01b'])], want: answered([400]) },
  { name: 'an Origin on a preflight with a bad method token', bytes: [request('OPTIONS /@allow-all/api/items/1 HTTP/1.1', ['Origin: http://\u00e9', 'Access-Control-Request-Method: P(U)T', 'Access-Control-Request-Headers: ,,, ,x y'])], want: answered() },
  // NUL bytes
  { name: 'NUL in a header value', bytes: [get('/api/items', ['Origin: http://a\x00b'])], want: answered([400]) },
  { name: 'NUL in a header name', bytes: [get('/api/items', ['Ori\x00gin: http://a'])], want: answered([400]) },
  { name: 'NUL in the path', bytes: [get('/api/\x00items')], want: anyway },
  { name: 'NUL in the method', bytes: [get('/api/items').replace(/^GET/, 'G\x00T')], want: anyway },
  { name: 'NUL bytes in a body', bytes: [request('PUT /api/items/9 HTTP/1.1', ['Content-Type: application/json', 'Content-Length: 4']) + '\x00\x00\x00\x00'], want: answered([400]) },
  // Framing
  { name: 'Content-Length and Transfer-Encoding together', bytes: [request('POST /api/items HTTP/1.1', ['Content-Length: 2', 'Transfer-Encoding: chunked']) + '0\r\n\r\n'], want: anyway },
  { name: 'a Content-Length that is not a number', bytes: [request('POST /api/items HTTP/1.1', ['Content-Length: abc'])], want: anyway },
  { name: 'two different Content-Length lines', bytes: [request('POST /api/items HTTP/1.1', ['Content-Length: 2', 'Content-Length: 3']) + '{}'], want: anyway },
  { name: 'a chunk size that is not hex', bytes: [request('POST /api/items HTTP/1.1', ['Transfer-Encoding: chunked']) + 'zz\r\n{}\r\n0\r\n\r\n'], want: anyway },
  { name: 'a body shorter than its Content-Length, then the end', bytes: [request('PUT /api/items/9 HTTP/1.1', ['Content-Length: 100']) + '{"a"'], want: anyway, end: true },
  { name: 'a request cut off in its headers, then the end', bytes: ['GET /api/items HTTP/1.1\r\nHost: x\r\nOrig'], want: anyway, end: true },
  { name: 'two pipelined requests in one write', bytes: [get('/api/items').replace('Connection: close\r\n', '') + get('/@missing-allow-origin/api/items', [`Origin: ${origin}`])], want: answered([200]), count: 2 },
]

test('every malformed request is answered or its connection closed, and the server serves on', { timeout: 180_000 }, async () => {
  const problems: string[] = []
  for (const c of cases) {
    const result = await raw(server.port, c.bytes, { end: c.end === true, timeoutMs: 15_000 })
    const parsed = responses(result.text)
    const got = parsed.map((r) => r.status)
    if (process.env.CORSLAB_SHOW_CASES) process.stderr.write(`${c.name.slice(0, 70).padEnd(70)} ${result.closed ? 'closed' : 'open'} ${got.join(',')}\n`)
    if (result.timedOut) problems.push(`${c.name}: neither answered nor closed within 15 s (got ${JSON.stringify(result.text.slice(0, 80))})`)
    else if (c.want.answer && got.length === 0) problems.push(`${c.name}: closed without an answer`)
    else if (c.want.answer && c.want.status !== undefined && !got.every((s) => c.want.answer && c.want.status?.includes(s))) problems.push(`${c.name}: status ${got.join(', ')}, expected ${c.want.status.join(' or ')}`)
    else if (c.want.answer && got.length !== (c.count ?? 1)) problems.push(`${c.name}: ${got.length} responses, expected ${c.count ?? 1}`)
    else if (parsed.some((r) => !r.complete)) problems.push(`${c.name}: a response shorter than its Content-Length`)
    else if (got.includes(500)) problems.push(`${c.name}: 500, an internal error: ${JSON.stringify(result.text.slice(-200))}`)
    else if (result.text.length > 0 && got.length === 0) problems.push(`${c.name}: sent bytes that are no HTTP response: ${JSON.stringify(result.text.slice(0, 80))}`)
    await stillServing()
  }
  expect(problems).toEqual([])
})

test('clients that go away mid-request, mid-body, mid-delay or without reading leave the server serving', { timeout: 60_000 }, async () => {
  const cut = (chunks: string[], afterMs: number) => raw(server.port, chunks, { timeoutMs: afterMs })
  await Promise.all([
    ...Array.from({ length: 20 }, () => cut(['GET /api/items HTTP/1.1\r\nHost: x\r\nOri'], 50)),
    ...Array.from({ length: 20 }, () => cut([request('PUT /api/items/7 HTTP/1.1', ['Content-Type: application/json', 'Content-Length: 100']) + '{"name":'], 50)),
    ...Array.from({ length: 10 }, () => cut([get('/api/slow?ms=400', [`Origin: ${origin}`])], 100)),
    // Never reads: 300 pipelined requests, then gone while the server may still be writing.
    ...Array.from({ length: 5 }, () => cut([get('/api/items').replace('Connection: close\r\n', '').repeat(300)], 200)),
  ])
  await stillServing()
  // The cut-off delays end after their 400 ms (each then journaled); the server must still answer what comes next.
  await journaled((e) => e.path === '/api/slow?ms=400', 10)
  await stillServing()
})

test('slow clients (one byte every 25 ms) are served in the end, and nobody waits for them meanwhile', { timeout: 60_000 }, async () => {
  // A hundred connections that send nothing, and a dozen that send their request a byte at a time.
  const idle = Array.from({ length: 100 }, () => connect(server.port, '127.0.0.1').on('error', () => {}))
  const slow = get('/@allow-all/api/items', [`Origin: ${origin}`])
  const trickle = Array.from({ length: 12 }, () => raw(server.port, slow.split(''), { gapMs: 25, timeoutMs: 45_000 }))
  // Meanwhile, normal requests are answered as usual.
  for (let i = 0; i < 20; i++) await stillServing()
  const results = await Promise.all(trickle)
  for (const result of results) {
    expect(result.timedOut).toBe(false)
    expect(statuses(result.text)).toEqual([200])
    expect(result.text.toLowerCase()).toContain(`access-control-allow-origin: ${origin}`)
  }
  for (const socket of idle) socket.destroy()
  await stillServing()
})

test('afterwards the journal is consistent: ids increasing, every entry well-formed', async () => {
  await stillServing()
  const reply = await send(`${server.url}/__corslab/journal`)
  expect(reply.status).toBe(200)
  const entries = JSON.parse(reply.body) as unknown[]
  expect(entries.length).toBeGreaterThan(100)
  expectConsistentJournal(entries, catalog.map((s) => s.name))
})

// RFC 9112 (3.2.2): a server must accept a target in absolute form; its /@NAME/ prefix still counts.
test('an absolute-form target is served under its /@NAME/ prefix and journaled with its path', async () => {
  const own = await startServer({ port: 0, pagePort: false, log: () => {}, scenario: 'missing-allow-origin' })
  try {
    const result = await raw(own.port, [get('http://elsewhere.example/@allow-all/api/items?x=1', [`Origin: ${origin}`])])
    expect(statuses(result.text)).toEqual([200])
    const entries = JSON.parse((await send(`${own.url}/__corslab/journal`)).body) as Array<{ path: string, scenario: string }>
    expect(entries.at(-1)).toMatchObject({ path: '/api/items?x=1', scenario: 'allow-all' })
  } finally {
    await own.close()
  }
})
