import { existsSync } from 'node:fs'
import puppeteer from 'puppeteer-core'
import { ConsoleLines, parseJsonResult, wrapForJson, type BrowserPage, type BrowserSession } from './types.ts'

export function firefoxPath(): string {
  return process.env['FIREFOX_BIN'] ?? '/usr/bin/firefox-esr'
}

export function firefoxInstalled(): boolean {
  return existsSync(firefoxPath())
}

/**
 * Debian's Firefox ESR through puppeteer-core over WebDriver BiDi. One browser process; each page
 * lives in its own user context (BiDi `browser.createUserContext`), whose HTTP cache, preflight
 * cache and cookies are keyed apart from every other context's.
 *
 * Console: Firefox reports its "Cross-Origin Request Blocked: ..." lines as BiDi `log.entryAdded`
 * entries of type "javascript" (not "console"), which puppeteer surfaces as the page's
 * 'pageerror' event; `console.error/warn` calls arrive as 'console' events. Both are collected.
 */
/** No background traffic to hosts this machine cannot reach. */
export const quietFirefoxPrefs: Record<string, boolean> = {
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'app.update.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
}

export async function launchFirefox(): Promise<BrowserSession> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    timeout: 90_000,
    protocolTimeout: 60_000,
    extraPrefsFirefox: quietFirefoxPrefs,
  })
  return {
    name: 'firefox',
    async newPage(): Promise<BrowserPage> {
      const context = await browser.createBrowserContext()
      const page = await context.newPage()
      const lines = new ConsoleLines()
      page.on('console', (msg) => {
        const type = msg.type()
        if (type === 'error' || type === 'warn') lines.push(msg.text())
      })
      page.on('pageerror', (err) => lines.push(err instanceof Error ? err.message : String(err)))
      return {
        async goto(url) {
          await page.goto(url, { waitUntil: 'load' })
        },
        async evaluate<T>(source: string, arg: unknown): Promise<T> {
          return parseJsonResult<T>(await page.evaluate(wrapForJson(source, JSON.stringify(arg ?? null))))
        },
        takeConsole() {
          return lines.take()
        },
        nextConsole(ms) {
          return lines.next(ms)
        },
        async close() {
          await context.close()
        },
      }
    },
    async close() {
      await browser.close()
    },
  }
}
