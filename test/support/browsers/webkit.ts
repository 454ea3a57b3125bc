import type { BrowserSession } from './types.ts'
import { launchWebKitInspector } from './webkit-inspector.ts'
import { launchWebKitWebDriver } from './webkit-webdriver.ts'

export { miniBrowserPath, webkitInstalled } from './webkit-shared.ts'

export type WebKitRoute = 'inspector' | 'webdriver'

/**
 * WebKitGTK (Debian's MiniBrowser) under Xvfb. Two routes:
 *  - 'inspector' (default): MiniBrowser --private driven over its remote Web Inspector protocol;
 *    takeConsole() returns WebKit's console lines.
 *  - 'webdriver': WebKitWebDriver (W3C WebDriver); takeConsole() returns null.
 * CORSLAB_WEBKIT_ROUTE=webdriver|inspector picks one; without it, the inspector route is tried
 * first and WebDriver is used when it cannot start.
 */
export async function launchWebKit(route: WebKitRoute | undefined = envRoute()): Promise<BrowserSession> {
  if (route === 'webdriver') return launchWebKitWebDriver()
  if (route === 'inspector') return launchWebKitInspector()
  try {
    return await launchWebKitInspector()
  } catch (e) {
    process.emitWarning(`WebKit inspector route failed (${(e as Error).message}); using WebDriver, without console text`)
    return launchWebKitWebDriver()
  }
}

function envRoute(): WebKitRoute | undefined {
  const v = process.env['CORSLAB_WEBKIT_ROUTE']
  return v === 'webdriver' || v === 'inspector' ? v : undefined
}
