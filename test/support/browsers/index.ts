import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { chromiumInstalled, launchChromium } from './chromium.ts'
import { firefoxInstalled, launchFirefox } from './firefox.ts'
import type { BrowserName, BrowserSession } from './types.ts'
import { launchWebKit, webkitInstalled } from './webkit.ts'

export type { BrowserName, BrowserPage, BrowserSession } from './types.ts'
export { browserNames } from './types.ts'

const installScript = fileURLToPath(new URL('../../../scripts/install-browsers.sh', import.meta.url))

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

/** Runs scripts/install-browsers.sh NAME when the browser's binaries are missing; throws a clear Error when it cannot. */
export function ensureBrowser(name: BrowserName): void {
  if (installed[name]()) return
  const run = spawnSync('bash', [installScript, name], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60_000 })
  if (installed[name]()) return
  const why = run.error ? run.error.message : `exit code ${run.status ?? run.signal}`
  throw new Error(
    `${name} is not installed and scripts/install-browsers.sh ${name} could not install it (${why}). ` +
      `Install it by hand as root: apt-get update && apt-get install -y --no-install-recommends ${aptPackages[name]}`,
  )
}

/** Starts one browser process (installing the browser first when it is missing). */
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
