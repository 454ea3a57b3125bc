import { createServer as createNetServer } from 'node:net'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { isCorslabError } from '../../src/errors.ts'
import { startServer, type RunningServer } from '../../src/server/index.ts'
import { send } from './http.ts'

let server: RunningServer
beforeAll(async () => {
  server = await startServer({ port: 0 })
})
afterAll(() => server.close())

function config(html: string): Record<string, unknown> {
  const match = /<script type="application\/json" id="corslab-config">(.*?)<\/script>/s.exec(html)
  return JSON.parse(match![1]!)
}

test('the dashboard page origin is another port that serves the page, pointed at the API', async () => {
  const page = new URL(server.pageUrl!)
  expect(page.port).not.toBe(String(server.port))
  const res = await send(server.pageUrl!)
  expect(res.status).toBe(200)
  expect(res.lines.find(([n]) => n.toLowerCase() === 'content-type')?.[1]).toMatch(/^text\/html/)
  expect(config(res.body)).toEqual({ api: `http://127.0.0.1:${server.port}`, crossOrigin: true })
  // The API is named with the host the page was opened with.
  const viaLocalhost = await send(`http://localhost:${page.port}/`)
  expect(config(viaLocalhost.body).api).toBe(`http://localhost:${server.port}`)
})

test('the page is self-contained: inline script and style, nothing loaded from elsewhere', async () => {
  const html = (await send(server.pageUrl!)).body
  expect(html).not.toMatch(/<script[^>]+src=/)
  // The one link: an empty icon, so that the browser asks no origin for /favicon.ico.
  expect(html.match(/<link[^>]+href=[^>]*>/g)).toEqual(['<link rel="icon" href="data:,">'])
  expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/)
  for (const part of ['data-switcher', 'EventSource', "'/events'", 'runProbe', 'window.corslab', "method: 'PUT'"]) expect(html).toContain(part)
})

test('/__corslab/ on the API serves the dashboard too, with a link to the cross-origin one', async () => {
  const res = await send(`${server.url}/__corslab/`)
  expect(res.status).toBe(200)
  expect(config(res.body)).toEqual({ api: '', crossOrigin: false, pageUrl: server.pageUrl })
  expect(res.body).toContain(`href="${server.pageUrl}"`)
  const bare = await send(`${server.url}/__corslab`)
  expect([bare.status, bare.lines.find(([n]) => n.toLowerCase() === 'location')?.[1]]).toEqual([302, '/__corslab/'])
})

test('the page origin answers only GET /', async () => {
  expect((await send(new URL('/other', server.pageUrl).href)).status).toBe(404)
  expect((await send(server.pageUrl!, { method: 'POST', body: 'x' })).status).toBe(405)
})

test('the page origin takes the next port, or a free one when that is in use', async () => {
  const blocker = createNetServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  const taken = (blocker.address() as { port: number }).port
  const other = await startServer({ port: 0, pagePort: taken })
  try {
    expect(new URL(other.pageUrl!).port).not.toBe(String(taken))
    expect((await send(other.pageUrl!)).status).toBe(200)
  } finally {
    await other.close()
    blocker.close()
  }
})

test('a port in use is E_PORT_IN_USE naming the port and how to pick another', async () => {
  try {
    await startServer({ port: server.port, pagePort: false })
    expect.unreachable()
  } catch (error) {
    expect(isCorslabError(error, 'E_PORT_IN_USE')).toBe(true)
    expect((error as Error).message).toMatch(new RegExp(`port ${server.port} on 127\\.0\\.0\\.1 is already in use.*--port 0`))
  }
})

test('bad options are refused with the option named', async () => {
  await expect(startServer({ port: 70_000 })).rejects.toThrow(/port must be a whole number from 0 to 65535/)
  await expect(startServer({ port: 0, journalSize: 0 })).rejects.toThrow(/journalSize must be a whole number/)
  await expect(startServer({ port: 0, scenario: 'nope' })).rejects.toThrow(/no scenario named "nope"/)
  await expect(startServer({ port: 0, host: '203.0.113.9', pagePort: false })).rejects.toThrow(/cannot listen on host 203\.0\.113\.9/)
})

test('the page origin answers /favicon.ico with 204, never a 404', async () => {
  expect((await send(new URL('/favicon.ico', server.pageUrl).href)).status).toBe(204)
})

test('on the API origin the page says why its Run buttons are off, and links to the other origin', async () => {
  const html = (await send(`${server.url}/__corslab/`)).body
  expect(html).toContain("The Run buttons are off here: this page is on the API's own origin, so a request from it is same-origin and the browser applies no CORS at all (nothing could be blocked).")
  expect(html).toContain(`Open the dashboard on its own origin to run probes: <a href="${server.pageUrl}">`)
})

test('the journal column says whose verdict it shows: Chromium, as the engine judges it', async () => {
  const html = (await send(server.pageUrl!)).body
  expect(html).toContain("<th>Request, status, and Chromium's verdict (corslab's engine)</th>")
  expect(html).not.toContain("in your browser's words")
})

test('with an upstream, both pages name it and warn that the probes reach it', async () => {
  const withUpstream = await startServer({ port: 0, upstream: 'http://127.0.0.1:8080', log: () => {} })
  try {
    for (const url of [withUpstream.pageUrl!, `${withUpstream.url}/__corslab/`]) {
      const html = (await send(url)).body
      expect(config(html).upstream).toBe('http://127.0.0.1:8080')
      expect(html).toContain('\u2192 upstream http://127.0.0.1:8080')
      expect(html).toContain("each probe's path (/api/items, ...) reaches your backend")
    }
  } finally {
    await withUpstream.close()
  }
})

test('the page script parses, on both pages', async () => {
  for (const url of [server.pageUrl!, `${server.url}/__corslab/`]) {
    const script = /<script type="module">([\s\S]*?)<\/script>/.exec((await send(url)).body)?.[1] ?? ''
    expect(script).toContain('runOwn')
    // oxlint-disable-next-line no-new-func
    expect(() => new Function(script)).not.toThrow()
  }
})
