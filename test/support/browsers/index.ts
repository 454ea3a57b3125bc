import { chromiumInstalled, launchChromium } from './chromium.ts'
import { firefoxInstalled, launchFirefox } from './firefox.ts'
import type { BrowserName, BrowserSession } from './types.ts'
import { launchWebKit, webkitInstalled } from './webkit.ts'

export type { BrowserName, BrowserPage, BrowserSession } from './types.ts'
export { browserNames } from './types.ts'

const installed: Record<BrowserName, () => boolean> = {
  chromium: chromiumInstalled,
  firefox: firefoxInstalled,
  webkit: webkitInstalled,
}

const aptPackages: Record<BrowserName, string> = {
  chromium: 'chromium',
  firefox: 'firefox-esr',
  webkit: 'webkit2gtk-driver xvfb xauth libwebkit2gtk-4.1-0',
}

export function isBrowserInstalled(name: BrowserName): boolean {
  return installed[name]()
}

/**
 * Throws a clear Error when the browser's binaries are missing. Browsers are installed by `npm test`'s
 * pretest step (scripts/install-browsers.sh), never from inside a test.
 */
export function ensureBrowser(name: BrowserName): void {
  if (installed[name]()) return
  throw new Error(
    `${name} is not installed. Install it with \`npm run pretest\` (scripts/install-browsers.sh ${name}, as root), ` +
      `or by hand as root: apt-get update && apt-get install -y --no-install-recommends ${aptPackages[name]}`,
  )
}

/** Starts one browser process (the browser must be installed: see ensureBrowser). */
export async function launch(name: BrowserName): Promise<BrowserSession> {
  ensureBrowser(name)
  switch (name) {
    case 'chromium':
      return launchChromium()
    case 'firefox':
      return launchFirefox()
    case 'webkit':
      return launchWebKit()
  }
}
