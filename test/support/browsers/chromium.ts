import { existsSync } from 'node:fs'
import { chromium as playwrightChromium } from 'playwright-core'
import { ConsoleLines, parseJsonResult, wrapForJson, type BrowserPage, type BrowserSession } from './types.ts'

export function chromiumPath(): string {
  return process.env['CHROMIUM_BIN'] ?? '/usr/bin/chromium'
}

export function chromiumInstalled(): boolean {
  return existsSync(chromiumPath())
}

/** Debian's Chromium through Playwright (CDP). One browser process; each page gets a new context. */
export async function launchChromium(): Promise<BrowserSession> {
  const browser = await playwrightChromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
  })
  return {
    name: 'chromium',
    async newPage(): Promise<BrowserPage> {
      const context = await browser.newContext()
      const page = await context.newPage()
      const lines = new ConsoleLines()
      page.on('console', (msg) => {
        const type = msg.type()
        if (type === 'error' || type === 'warning') lines.push(msg.text())
      })
      page.on('pageerror', (err) => lines.push(err.message))
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
