import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type Page } from '@playwright/test'
import { simulate } from '../../src/index.ts'
import { chromiumLaunchOptions } from './support/browsers.ts'
import { expect, test } from './support/test.ts'

// The address spaces as Chromium's own launch flag sets them, in a browser of this file's own:
// a page on the local network, and a public one to hold the fixture's emulation against.

test.skip(({ browserName }) => browserName !== 'chromium', 'the address-space flag is Chromium\'s')

let browser: Browser
let localPage: { server: Server, origin: string }

test.beforeAll(async ({ appOrigin }) => {
  const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>local</title>'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  localPage = { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
  const launch = chromiumLaunchOptions()
  const overrides = [`${new URL(localPage.origin).host}=local`, `127.0.0.1:${new URL(appOrigin).port}=public`]
  browser = await chromium.launch({ ...launch, args: [...(launch.args ?? []), `--ip-address-space-overrides=${overrides.join(',')}`] })
})

test.afterAll(async () => {
  await browser?.close()
  localPage?.server.closeAllConnections()
  await new Promise((resolve) => localPage?.server.close(resolve))
})

async function fetchFrom(page: Page, pageUrl: string, url: string): Promise<{ status?: number, error?: string }> {
  await page.goto(pageUrl)
  return page.evaluate(async (url) => {
    try {
      return { status: (await fetch(url)).status }
    } catch (error) {
      return { error: String(error) }
    }
  }, url)
}

test('a page on the local network calls corslab on the loopback network without asking', async ({ corslab }) => {
  const context = await browser.newContext()
  try {
    const url = `${corslab.url}/api/items`
    expect(await fetchFrom(await context.newPage(), `${localPage.origin}/`, url)).toEqual({ status: 200 })
    await expect(corslab).toHaveAllowed('/api/items')
    const request = { url, origin: localPage.origin, addressSpace: 'local' as const }
    expect(simulate({ request, response: { status: 200, headers: [['access-control-allow-origin', localPage.origin]] } }, { localNetworkAccess: 'denied' }).outcome).toBe('allowed')
  } finally {
    await context.close()
  }
})

test("--ip-address-space-overrides makes the page public as the fixture's emulation does", async ({ corslab, appOrigin }) => {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    const lines: string[] = []
    page.on('console', (message) => lines.push(message.text()))
    const url = `${corslab.url}/api/items`
    expect(await fetchFrom(page, `${appOrigin}/`, url)).toEqual({ error: 'TypeError: Failed to fetch' })
    const text = `Access to fetch at '${url}' from origin '${appOrigin}' has been blocked by CORS policy: Permission was denied for this request to access the \`loopback\` address space.`
    await expect.poll(() => lines).toContain(text)
    expect(simulate({ request: { url, origin: appOrigin, addressSpace: 'public' }, response: { status: 200 } }).message).toBe(text)
    // This browser is not the fixture's: nothing reached the server, and the fixture saw nothing.
    expect(await corslab.journal()).toEqual([])

    await context.grantPermissions(['local-network-access'])
    expect(await fetchFrom(page, `${appOrigin}/`, url)).toEqual({ status: 200 })
    await expect(corslab).toHaveAllowed('/api/items')
  } finally {
    await context.close()
  }
})
