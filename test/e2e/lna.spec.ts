import type { Page } from '@playwright/test'
import { simulate, type AddressSpace, type HeaderList, type LocalNetworkAccess, type Verdict } from '../../src/index.ts'
import type { CorsFixture } from '../../src/playwright/index.ts'
import { expect, plain, test } from './support/test.ts'

// Local Network Access (Chrome 142+): with the fixture's localNetworkAccess option, the test's page
// (http://localhost:PORT) is a public-network page and corslab (http://127.0.0.1:PORT) is loopback.

test.skip(({ browserName }) => browserName !== 'chromium', 'localNetworkAccess is emulated in Chromium only')

interface PageCall {
  status?: number
  error?: string
}

/** Opens the app page once, then fetch()es (or XHRs) corslab's `path` with `init` from it. */
async function send(page: Page, appOrigin: string, url: string, init: Record<string, unknown> = {}, xhr = false): Promise<PageCall> {
  if (!page.url().startsWith(appOrigin)) await page.goto(`${appOrigin}/`)
  return page.evaluate(
    async ([url, init, xhr]) => {
      if (xhr) {
        return new Promise<PageCall>((resolve) => {
          const request = new XMLHttpRequest()
          request.open(String(init['method'] ?? 'GET'), url)
          request.onload = () => resolve({ status: request.status })
          request.onerror = () => resolve({ error: `XMLHttpRequest: error event, status ${request.status}` })
          request.send()
        })
      }
      try {
        return { status: (await fetch(url, init as RequestInit)).status }
      } catch (error) {
        return { error: String(error) }
      }
    },
    [url, init, xhr] as const,
  )
}

/** Chromium's console lines about blocked requests, from now on. */
function consoleOf(page: Page): string[] {
  const lines: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().startsWith('Access to ')) lines.push(message.text())
  })
  return lines
}

/** What reached the server for this session, without the fixture's view. */
async function served(corslab: CorsFixture): Promise<Array<{ method: string, path: string }>> {
  const response = await fetch(`${corslab.origin}/__corslab/journal?session=${corslab.session}`)
  return ((await response.json()) as Array<{ method: string, path: string }>).map(({ method, path }) => ({ method, path }))
}

/** The engine's Chromium verdict for a GET from the page to `url`, the server answering with `headers`. */
function engine(url: string, origin: string, page: AddressSpace, permission: LocalNetworkAccess, more: { targetAddressSpace?: string, headers?: HeaderList } = {}): Verdict {
  const request = { url, origin, addressSpace: page, ...(more.targetAddressSpace === undefined ? {} : { targetAddressSpace: more.targetAddressSpace }) }
  return simulate({ request, response: { status: 200, headers: more.headers ?? [['access-control-allow-origin', origin]] } }, { browser: 'chromium', localNetworkAccess: permission })
}

async function failure(assertion: Promise<unknown>): Promise<string> {
  const error = await assertion.then(() => undefined, (e: unknown) => e)
  expect(error, 'the assertion should have failed').toBeInstanceOf(Error)
  return plain((error as Error).message)
}

const denied = (url: string, origin: string, space = 'loopback') =>
  `Access to fetch at '${url}' from origin '${origin}' has been blocked by CORS policy: Permission was denied for this request to access the \`${space}\` address space.`

test.describe('denied', () => {
  test.use({ localNetworkAccess: 'denied' })

  test('a fetch() to corslab fails before it is sent, and shows in the journal and the matchers', async ({ page, appOrigin, corslab }) => {
    const lines = consoleOf(page)
    const url = `${corslab.url}/api/items`
    expect(await send(page, appOrigin, url)).toEqual({ error: 'TypeError: Failed to fetch' })
    expect(await served(corslab)).toEqual([])

    const text = denied(url, appOrigin)
    await expect.poll(() => lines).toContain(text)
    const [row] = await corslab.journal()
    expect(row).toMatchObject({ method: 'GET', path: '/api/items', origin: appOrigin, status: 0, preflight: false, scenario: 'allow-all', session: corslab.session })
    expect(row?.id).toBeLessThan(0)
    expect(row?.verdict).toEqual({ outcome: 'blocked', stage: 'request', reason: 'local-network-access-denied', message: text })

    await expect(corslab).toHaveBlocked({ reason: 'local-network-access-denied', stage: 'request', path: '/api/items' })
    await expect(corslab).not.toHaveAllowed()
    const message = await failure(expect(corslab).toHaveAllowed('/api/items', { timeout: 0 }))
    expect(message).toMatch(/#-1 \[allow-all\] GET \/api\/items {2}→ never sent {2}blocked at request: local-network-access-denied/)
    expect(message).toContain(text)
    expect(message).toContain("fix: The page is public and the request goes to the `loopback` address space: since Chrome 142 the browser asks the user first")

    expect(engine(url, appOrigin, 'public', 'denied')).toMatchObject({ outcome: 'blocked', stage: 'request', reason: 'local-network-access-denied', message: text })
  })

  test('a preflighted request is refused before its preflight', async ({ page, appOrigin, corslab }) => {
    const url = `${corslab.url}/api/items/1`
    const result = await send(page, appOrigin, url, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-request-id': '7' }, body: '{}' })
    expect(result.error).toBe('TypeError: Failed to fetch')
    await expect(corslab).toHaveBlocked({ reason: 'local-network-access-denied', path: '/api/items/1' })
    await expect(corslab).not.toHaveSentPreflight({ timeout: 500 })
    expect(await served(corslab)).toEqual([])
  })

  test('an XMLHttpRequest is refused the same way', async ({ page, appOrigin, corslab }) => {
    const lines = consoleOf(page)
    const url = `${corslab.url}/api/hello`
    expect(await send(page, appOrigin, url, {}, true)).toEqual({ error: 'XMLHttpRequest: error event, status 0' })
    await expect(corslab).toHaveBlocked({ reason: 'local-network-access-denied' })
    const text = denied(url, appOrigin).replace('Access to fetch', 'Access to XMLHttpRequest')
    await expect.poll(() => lines).toContain(text)
    expect((await corslab.journal())[0]?.verdict?.message).toBe(text)
  })

  test("fetch()'s targetAddressSpace does not stand in for the permission", async ({ page, appOrigin, corslab }) => {
    expect((await send(page, appOrigin, `${corslab.url}/api/items`, { targetAddressSpace: 'loopback' })).error).toBe('TypeError: Failed to fetch')
    await expect(corslab).toHaveBlocked({ reason: 'local-network-access-denied' })
  })

  test('a page the test opens itself is public from its first navigation', async ({ context, appOrigin, corslab }) => {
    const second = await context.newPage()
    expect((await send(second, appOrigin, `${corslab.url}/api/hello`)).error).toBe('TypeError: Failed to fetch')
    await expect(corslab).toHaveBlocked({ reason: 'local-network-access-denied', path: '/api/hello' })
  })

  test('the rows keep the scenario the session served when the browser refused them', async ({ page, appOrigin, corslab }) => {
    await send(page, appOrigin, `${corslab.url}/api/items?n=1`)
    await corslab.use('missing-allow-origin')
    await send(page, appOrigin, `${corslab.url}/api/items?n=2`)
    await expect.poll(async () => (await corslab.journal()).map((r) => `${r.id} ${r.scenario} ${r.path}`)).toEqual([
      '-1 allow-all /api/items?n=1',
      '-2 missing-allow-origin /api/items?n=2',
    ])
  })
})

test.describe('granted', () => {
  test.use({ localNetworkAccess: 'granted' })

  test('the request goes through and meets the scenario as usual', async ({ page, appOrigin, corslab }) => {
    expect(await send(page, appOrigin, `${corslab.url}/api/items`)).toEqual({ status: 200 })
    const result = await send(page, appOrigin, `${corslab.url}/api/items/1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(result).toEqual({ status: 200 })
    await expect(corslab).toHaveSentPreflight({ method: 'PUT' })
    await expect(corslab).toHaveAllowed()
    expect((await corslab.journal()).every((r) => r.id > 0)).toBe(true)
    expect(engine(`${corslab.url}/api/items`, appOrigin, 'public', 'granted').outcome).toBe('allowed')
  })

  test.describe('with a CORS failure', () => {
    test.use({ corsScenario: 'missing-allow-origin' })

    test('the scenario blocks it, as without Local Network Access', async ({ page, appOrigin, corslab }) => {
      const lines = consoleOf(page)
      const url = `${corslab.url}/api/items`
      expect((await send(page, appOrigin, url)).error).toBe('TypeError: Failed to fetch')
      await expect(corslab).toHaveBlocked({ reason: 'missing-allow-origin', stage: 'response' })
      await expect(corslab).not.toHaveBlocked({ reason: 'local-network-access-denied', timeout: 500 })
      expect(await served(corslab)).toEqual([{ method: 'GET', path: '/api/items' }])
      const text = `Access to fetch at '${url}' from origin '${appOrigin}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`
      await expect.poll(() => lines).toContain(text)
      const [row] = await corslab.journal()
      expect(engine(url, appOrigin, 'public', 'granted', { headers: row?.responseHeaders ?? [] })).toMatchObject({ reason: 'missing-allow-origin', message: text })
    })
  })

  test("a targetAddressSpace that is not the API's fails before it is sent", async ({ page, appOrigin, corslab }) => {
    const lines = consoleOf(page)
    expect(await send(page, appOrigin, `${corslab.url}/api/items?t=loopback`, { targetAddressSpace: 'loopback' })).toEqual({ status: 200 })
    const url = `${corslab.url}/api/items?t=local`
    expect((await send(page, appOrigin, url, { targetAddressSpace: 'local' })).error).toBe('TypeError: Failed to fetch')
    const text = `Access to fetch at '${url}' from origin '${appOrigin}' has been blocked by CORS policy: Request had a target IP address space of \`local\` yet the resource is in address space \`loopback\`.`
    await expect.poll(() => lines).toContain(text)
    await expect(corslab).toHaveBlocked({ reason: 'local-network-target-mismatch', path: '/api/items?t=local' })
    expect((await corslab.journal()).find((r) => r.id < 0)?.verdict?.message).toBe(text)
    expect(await served(corslab)).toEqual([{ method: 'GET', path: '/api/items?t=loopback' }])
    expect(engine(url, appOrigin, 'public', 'granted', { targetAddressSpace: 'local' }).message).toBe(text)
    expect(engine(`${corslab.url}/api/items?t=loopback`, appOrigin, 'public', 'granted', { targetAddressSpace: 'loopback' }).outcome).toBe('allowed')
  })
})

test.describe('unset', () => {
  test('no emulation: the page is on the loopback network like corslab, so no permission is asked', async ({ page, appOrigin, corslab, context }) => {
    // Even a denied permission does not matter to a loopback page.
    const cdp = await context.newCDPSession(page)
    const { targetInfo } = await cdp.send('Target.getTargetInfo')
    const browser = await context.browser()?.newBrowserCDPSession()
    for (const name of ['local-network', 'loopback-network']) await browser?.send('Browser.setPermission', { permission: { name }, setting: 'denied', browserContextId: targetInfo.browserContextId })
    expect(await send(page, appOrigin, `${corslab.url}/api/items`)).toEqual({ status: 200 })
    await expect(corslab).toHaveAllowed()
    expect(engine(`${corslab.url}/api/items`, appOrigin, 'loopback', 'denied').outcome).toBe('allowed')
  })
})
