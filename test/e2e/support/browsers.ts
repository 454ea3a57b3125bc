import { existsSync } from 'node:fs'
import { chromium, firefox, type LaunchOptions } from '@playwright/test'

const systemChromium = process.env['CHROMIUM_BIN'] ?? '/usr/bin/chromium'

/**
 * Playwright's own Chromium where `npx playwright install chromium` put it; else the system's
 * (Debian's chromium package), with the flags it needs in a container.
 */
export function chromiumLaunchOptions(): LaunchOptions {
  if (existsSync(chromium.executablePath()) || !existsSync(systemChromium)) return {}
  return {
    executablePath: systemChromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  }
}

/** Playwright drives only its own Firefox build (Debian's firefox-esr lacks its protocol). */
export function firefoxInstalled(): boolean {
  return existsSync(firefox.executablePath())
}
