import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { chromiumPath } from '../../support/browsers/chromium.ts'

/*
 * A page on any attacker origin, in real Chromium: Chromium resolves every host name to one local
 * HTTPS server (--host-resolver-rules, its certificate accepted), which serves a blank page to
 * whatever host was asked, so https://evil.test or https://app.example.com_.evil.test is a real
 * origin of its own. The victim's session is a cookie for 127.0.0.1 (SameSite=None; Secure), where
 * the APIs under test listen. The profile lets third-party cookies through, as Chrome does by
 * default (measured: Chromium 156 as launched here blocks them by its own preference,
 * "UserPreferences", until profile.cookie_controls_mode is 0); the audit's notes say where browsers
 * keep them back.
 */

export interface Read {
  ok: boolean
  status?: number
  body?: string
  error?: string
}

export interface AttackerBrowser {
  /** From a page on `origin` (`null`: a sandboxed iframe), fetch(url, { credentials: 'include' }). */
  read(origin: string, url: string): Promise<Read>
  close(): Promise<void>
}

export const victimCookie = 'session=victim'

// Runs in the page: the fetch, from the page itself or from a sandboxed iframe in it (origin null).
const readInPage = async ({ url, opaque }: { url: string, opaque: boolean }): Promise<Read> => {
  const attempt = (target: string): Promise<Read> => fetch(target, { credentials: 'include' })
    .then(async (r) => ({ ok: true, status: r.status, body: await r.text() }), (e: unknown) => ({ ok: false, error: String(e) }))
  if (!opaque) return attempt(url)
  return new Promise((resolve) => {
    const frame = document.createElement('iframe')
    frame.sandbox.add('allow-scripts')
    frame.srcdoc = `<script>(${String(attempt)})(${JSON.stringify(url)}).then((r) => parent.postMessage(r, '*'))</${'script'}>`
    addEventListener('message', (event) => resolve(event.data as Read), { once: true })
    document.body.append(frame)
  })
}

function certificate(dir: string): { key: Buffer, cert: Buffer } {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=attacker.test'], { stdio: 'ignore' })
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }
}

export async function launchAttacker(): Promise<AttackerBrowser> {
  const dir = mkdtempSync(join(tmpdir(), 'corslab-attacker-'))
  const pages: Server = createServer(certificate(dir), (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>attacker</title><body></body>')
  })
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve))
  const port = (pages.address() as AddressInfo).port
  const profile = join(dir, 'profile')
  mkdirSync(join(profile, 'Default'), { recursive: true })
  writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }))
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--host-resolver-rules=MAP * 127.0.0.1:${port}, EXCLUDE 127.0.0.1`,
      '--ignore-certificate-errors',
    ],
    timeout: 60_000,
  })
  await context.addCookies([{ name: 'session', value: 'victim', domain: '127.0.0.1', path: '/', sameSite: 'None', secure: true }])
  const page: Page = context.pages()[0] ?? (await context.newPage())
  return {
    async read(origin, url) {
      const opaque = origin === 'null'
      await page.goto(opaque ? 'https://sandbox-host.test/' : `${origin}/`)
      if (!opaque) {
        const where = await page.evaluate(() => location.origin)
        if (where !== origin) throw new Error(`the attacker page is on ${where}, not ${origin}`)
      }
      return page.evaluate(readInPage, { url, opaque })
    },
    async close() {
      await context.close()
      await new Promise<void>((resolve) => pages.close(() => resolve()))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
