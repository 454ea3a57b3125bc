/**
 * Records what real browsers do with the Local Network Access cases.
 *
 *   node_modules/.bin/node test/lna/record.ts [chromium|firefox|webkit ...] [--only TEXT]
 *
 * Writes test/lna/observed/<browser>.json (case name -> observation, in case order). How each
 * browser is told the address spaces:
 *  - Chromium: `--ip-address-space-overrides=127.0.0.1:PORT=public,...` for the public and local
 *    servers, `--host-resolver-rules=MAP pub.test 127.0.0.1` for the insecure page; the permission
 *    granted with Playwright's `context.grantPermissions(['local-network-access'])`, denied over
 *    CDP (`Browser.setPermission` for `loopback-network` and `local-network`), or left alone.
 *  - Firefox: prefs `network.lna.address_space.public.override` / `.private.override` (Firefox's
 *    "private" is the local network) and `network.dns.localDomains`; the permission set over
 *    WebDriver BiDi (`permissions.setPermission`, `loopback-network` and `local-network`).
 *  - WebKit: it has no way to make a page public (its overrides are a test-only API), so every
 *    page is on the loopback network as its address says, and there is no permission to set; the
 *    insecure-page cases do not run (no host mapping).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import puppeteer from 'puppeteer-core'
import { firefoxPath, quietFirefoxPrefs } from '../support/browsers/firefox.ts'
import { launchWebKit } from '../support/browsers/webkit.ts'
import { cases, type LnaCase } from './cases.ts'
import { pageScript, pendingMs, type LnaObservation, type PageArg, type PageResult } from './observation.ts'
import { insecureHost, startLnaServers, type LnaServers } from './servers.ts'

type Browser = 'chromium' | 'firefox' | 'webkit'

/** Opens the case's page, runs the page script, and returns what it saw and printed. */
interface Runner {
  run(c: LnaCase, pageOrigin: string, arg: PageArg): Promise<{ result: PageResult, console: string[] | null }>
  close(): Promise<void>
}

const observedDir = fileURLToPath(new URL('./observed/', import.meta.url))
const settle = () => new Promise((resolve) => setTimeout(resolve, 300))
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']

async function chromiumRunner(servers: LnaServers): Promise<Runner> {
  const p = servers.ports
  const overrides = [`127.0.0.1:${p['page-public']}=public`, `127.0.0.1:${p['page-local']}=local`, `127.0.0.1:${p['api-public']}=public`, `127.0.0.1:${p['api-local']}=local`]
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_BIN'] ?? '/usr/bin/chromium',
    args: [...chromiumArgs, `--ip-address-space-overrides=${overrides.join(',')}`, `--host-resolver-rules=MAP ${insecureHost} 127.0.0.1`],
  })
  return {
    async run(c, pageOrigin, arg) {
      const context = await browser.newContext()
      try {
        if (c.permission === 'granted') await context.grantPermissions(['local-network-access'])
        const page = await context.newPage()
        if (c.permission === 'denied') {
          const session = await context.newCDPSession(page)
          const { targetInfo } = await session.send('Target.getTargetInfo')
          await session.detach()
          const cdp = await browser.newBrowserCDPSession()
          for (const name of ['local-network-access', 'local-network', 'loopback-network']) {
            await cdp.send('Browser.setPermission', { permission: { name }, setting: 'denied', browserContextId: targetInfo.browserContextId })
          }
          await cdp.detach()
        }
        const lines: string[] = []
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') lines.push(m.text())
        })
        await page.goto(`${pageOrigin}/`)
        lines.length = 0
        const result = (await page.evaluate(`(${pageScript})(${JSON.stringify(arg)})`)) as PageResult
        await settle()
        return { result, console: lines }
      } finally {
        await context.close()
      }
    },
    close: () => browser.close(),
  }
}

async function firefoxRunner(servers: LnaServers): Promise<Runner> {
  const p = servers.ports
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    timeout: 90_000,
    protocolTimeout: 60_000,
    extraPrefsFirefox: {
      ...quietFirefoxPrefs,
      'network.lna.address_space.public.override': `127.0.0.1:${p['page-public']},127.0.0.1:${p['api-public']}`,
      'network.lna.address_space.private.override': `127.0.0.1:${p['page-local']},127.0.0.1:${p['api-local']}`,
      'network.dns.localDomains': insecureHost,
    },
  })
  return {
    async run(c, pageOrigin, arg) {
      const context = await browser.createBrowserContext()
      try {
        if (c.permission !== 'prompt') {
          for (const name of ['local-network', 'loopback-network']) {
            await context.setPermission(pageOrigin, { permission: { name: name as 'geolocation' }, state: c.permission })
          }
        }
        const page = await context.newPage()
        const lines: string[] = []
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warn') lines.push(m.text())
        })
        page.on('pageerror', (e) => lines.push(e instanceof Error ? e.message : String(e)))
        await page.goto(`${pageOrigin}/`)
        lines.length = 0
        const result = (await page.evaluate(`(${pageScript})(${JSON.stringify(arg)})`)) as PageResult
        await settle()
        return { result, console: lines }
      } finally {
        await context.close()
      }
    },
    close: () => browser.close(),
  }
}

async function webkitRunner(): Promise<Runner> {
  const session = await launchWebKit('inspector')
  const page = await session.newPage()
  return {
    async run(_c, pageOrigin, arg) {
      await page.goto(`${pageOrigin}/`)
      page.takeConsole()
      const result = await page.evaluate<PageResult>(pageScript, arg)
      await settle()
      return { result, console: page.takeConsole() }
    },
    async close() {
      await page.close()
      await session.close()
    },
  }
}

function initOf(c: LnaCase): Record<string, unknown> {
  const { initiator: _, ...init } = c.request ?? {}
  return init
}

async function record(browser: Browser, servers: LnaServers, selected: LnaCase[]): Promise<Record<string, LnaObservation>> {
  const runner = browser === 'chromium' ? await chromiumRunner(servers) : browser === 'firefox' ? await firefoxRunner(servers) : await webkitRunner()
  const out: Record<string, LnaObservation> = {}
  try {
    for (const [i, c] of selected.entries()) {
      if (browser === 'webkit' && c.insecure) continue
      const id = `${browser}-${i}-${Date.now().toString(36)}`
      const pageOrigin = servers.pageOrigin(c)
      const { url, final } = servers.urls(c, id)
      const arg: PageArg = { url, init: initOf(c), xhr: c.request?.initiator === 'xhr', pendingMs }
      const { result, console } = await runner.run(c, pageOrigin, arg)
      const observation: LnaObservation = { ...result, console, arrivals: servers.arrivals(id), pageOrigin, url, final }
      out[c.name] = observation
      const line = console?.find((l) => !l.startsWith('Failed to load resource')) ?? ''
      console_log(`[${browser}] ${c.name}\n    ${result.outcome}${result.status === undefined ? '' : ` ${result.status}`} | ${observation.arrivals.length} arrived | ${line.slice(0, 200)}`)
    }
  } finally {
    await runner.close()
  }
  return out
}

const console_log = (text: string) => process.stdout.write(`${text}\n`)

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const onlyAt = argv.indexOf('--only')
  const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? '') : null
  const browsers = argv.filter((a, i) => !a.startsWith('--') && (onlyAt < 0 || i !== onlyAt + 1)) as Browser[]
  const selected = only === null ? cases : cases.filter((c) => c.name.includes(only))
  mkdirSync(observedDir, { recursive: true })
  const servers = await startLnaServers()
  try {
    for (const browser of browsers.length > 0 ? browsers : (['chromium', 'firefox', 'webkit'] as const)) {
      const observed = await record(browser, servers, selected)
      const file = `${observedDir}${browser}.json`
      const previous = only !== null && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, LnaObservation>) : {}
      const merged: Record<string, LnaObservation> = {}
      for (const c of cases) {
        const o = observed[c.name] ?? previous[c.name]
        if (o !== undefined) merged[c.name] = o
      }
      writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`)
      console_log(`wrote ${file}`)
    }
  } finally {
    await servers.close()
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
