import type { BrowserContext, CDPSession, ConsoleMessage, Page } from '@playwright/test'
import { CorslabError } from '../errors.ts'

/** The fixture option: the user's answer to Chromium's Local Network Access prompt. */
export type LocalNetworkAccess = 'granted' | 'denied'

/** A request Chromium refused before sending it, for Local Network Access (seen over CDP). */
export interface LocalNetworkRefusal {
  method: string
  /** The URL the page asked for. */
  initialUrl: string
  /** The URL refused: `initialUrl`, or where a redirect led. */
  url: string
  /** The page's origin. */
  origin: string
  initiator: 'fetch' | 'xhr'
  /**
   * Chromium's CorsError (CDP `Network.CorsError`): `LocalNetworkAccessPermissionDenied`,
   * `InvalidLocalNetworkAccess` (fetch()'s `targetAddressSpace` is not the resource's) or
   * `InsecureLocalNetwork` (the page is not a secure context).
   */
  corsError: string
  /** ISO 8601. */
  time: string
  /** Chromium's console line for it, once the page printed it. */
  message?: string
}

// The CorsErrors a Local Network Access check gives (services/network/public/mojom/cors.mojom).
const localNetworkErrors = new Set(['LocalNetworkAccessPermissionDenied', 'InvalidLocalNetworkAccess', 'InsecureLocalNetwork'])

// Playwright's name grants all of these; a denial sets each, so a headed run shows no prompt.
const permissionNames = ['local-network-access', 'local-network', 'loopback-network']

// "Access to fetch at 'URL' [(redirected from 'URL') ]from origin 'O' has been blocked by CORS policy: ..."
const consoleLine = /^Access to (?:fetch|XMLHttpRequest) at '([^']+)' (?:\(redirected from '[^']+'\) )?from origin '[^']+' has been blocked by CORS policy: (?:Permission was denied for this request|Request had a target IP address space|The request client is not a secure context)/

interface Seen {
  initialUrl: string
  url: string
  method: string
  origin: string
  initiator: 'fetch' | 'xhr'
  // When the page started it, by the browser's clock: the refusal's event can reach us after the
  // test has already switched scenario.
  time: string
}

/**
 * Makes Chromium treat every page of a browser context as a public-network page, and answers its
 * Local Network Access prompt, for the pages' requests to corslab (a loopback address) to meet
 * the check Chrome 142 added.
 *
 * A page's address space is where its document came from. Each document not served by corslab is
 * handed to the page with `Content-Security-Policy: treat-as-public-address` added, through the
 * DevTools protocol's Fetch domain on documents only (a page.route() would answer CORS preflights
 * itself); a document served that way is public, whatever its address. This is per page, so it
 * works for any test, where the launch flag `--ip-address-space-overrides` would need a browser
 * of its own.
 */
export class LocalNetworkEmulation {
  readonly permission: LocalNetworkAccess
  readonly #context: BrowserContext
  readonly #apiOrigin: string
  readonly #refusals: LocalNetworkRefusal[] = []
  readonly #lines: Array<{ url: string, text: string }> = []
  readonly #sessions = new Map<Page, Promise<CDPSession | null>>()
  #denied: Promise<void> | undefined
  #newPage: BrowserContext['newPage'] | undefined
  readonly #onPage = (page: Page) => {
    void this.attach(page).catch(() => undefined)
  }

  private constructor(context: BrowserContext, permission: LocalNetworkAccess, apiOrigin: string) {
    this.#context = context
    this.permission = permission
    this.#apiOrigin = apiOrigin
  }

  /** Starts on every page of `context`, those open now and those to come. Chromium only. */
  static async start(context: BrowserContext, permission: LocalNetworkAccess, apiOrigin: string): Promise<LocalNetworkEmulation> {
    if (permission !== 'granted' && permission !== 'denied') {
      throw new CorslabError('E_USAGE', `localNetworkAccess: ${JSON.stringify(permission)} is not 'granted' or 'denied' (leave it unset for no emulation).`)
    }
    const emulation = new LocalNetworkEmulation(context, permission, apiOrigin)
    if (permission === 'granted') await context.grantPermissions(['local-network-access'])
    context.on('page', emulation.#onPage)
    // The 'page' event cannot hold a new page back, so a navigation right after newPage() could
    // beat the attachment: newPage() resolves only once the page is covered.
    const newPage = context.newPage.bind(context)
    emulation.#newPage = context.newPage
    context.newPage = async () => {
      const page = await newPage()
      await emulation.attach(page)
      return page
    }
    for (const page of context.pages()) await emulation.attach(page)
    return emulation
  }

  /** The refusals so far, oldest first, each with its console line where one came. */
  get refusals(): LocalNetworkRefusal[] {
    for (const refusal of this.#refusals) {
      if (refusal.message !== undefined) continue
      const at = this.#lines.findIndex((line) => line.url === refusal.url)
      if (at >= 0) refusal.message = this.#lines.splice(at, 1)[0]?.text
    }
    return [...this.#refusals]
  }

  /**
   * Serves `page`'s documents as public ones and watches its requests; resolves once both are in
   * place, so a navigation after it is covered. Idempotent.
   */
  attach(page: Page): Promise<unknown> {
    let session = this.#sessions.get(page)
    if (session === undefined) {
      session = this.#attach(page).catch((error: unknown) => {
        // A page closed while attaching needs nothing.
        if (page.isClosed()) return null
        throw error
      })
      this.#sessions.set(page, session)
    }
    return session
  }

  async #attach(page: Page): Promise<CDPSession> {
    const session = await this.#context.newCDPSession(page)
    if (this.permission === 'denied') await (this.#denied ??= this.#deny(session))
    page.on('console', (message: ConsoleMessage) => {
      const url = consoleLine.exec(message.text())?.[1]
      if (url !== undefined) this.#lines.push({ url, text: message.text() })
    })
    const seen = new Map<string, Seen>()
    session.on('Network.requestWillBeSent', (event) => {
      const known = seen.get(event.requestId)
      if (known !== undefined) {
        known.url = event.request.url
        return
      }
      const initiator = event.type === 'XHR' ? 'xhr' : 'fetch'
      const time = new Date(event.wallTime * 1000).toISOString()
      seen.set(event.requestId, { initialUrl: event.request.url, url: event.request.url, method: event.request.method, origin: originOf(event.documentURL), initiator, time })
    })
    session.on('Network.loadingFinished', (event) => seen.delete(event.requestId))
    session.on('Network.loadingFailed', (event) => {
      const request = seen.get(event.requestId)
      seen.delete(event.requestId)
      const corsError = event.corsErrorStatus?.corsError
      if (request === undefined || corsError === undefined || !localNetworkErrors.has(corsError)) return
      this.#refusals.push({ ...request, corsError })
    })
    session.on('Fetch.requestPaused', (event) => {
      void this.#serve(session, event).catch(() => undefined)
    })
    await session.send('Network.enable')
    await session.send('Fetch.enable', { patterns: [{ resourceType: 'Document', requestStage: 'Response' }] })
    return session
  }

  // Browser.setPermission needs the context's id, which only a target tells.
  async #deny(session: CDPSession): Promise<void> {
    const { targetInfo } = await session.send('Target.getTargetInfo')
    const browser = this.#context.browser()
    if (browser === null) throw new CorslabError('E_USAGE', 'localNetworkAccess needs a browser context of a launched or connected browser.')
    const cdp = await browser.newBrowserCDPSession()
    try {
      for (const name of permissionNames) {
        await cdp.send('Browser.setPermission', { permission: { name }, setting: 'denied', browserContextId: targetInfo.browserContextId })
      }
    } finally {
      await cdp.detach()
    }
  }

  // A document from anywhere but corslab goes to the page as public; redirects and failures as they are.
  async #serve(session: CDPSession, event: PausedDocument): Promise<void> {
    const status = event.responseStatusCode
    const ours = originOf(event.request.url) === this.#apiOrigin
    if (status === undefined || event.responseErrorReason !== undefined || ours || (status >= 300 && status < 400)) {
      await session.send('Fetch.continueRequest', { requestId: event.requestId })
      return
    }
    try {
      const body = await session.send('Fetch.getResponseBody', { requestId: event.requestId })
      await session.send('Fetch.fulfillRequest', {
        requestId: event.requestId,
        responseCode: status,
        ...(event.responseStatusText ? { responsePhrase: event.responseStatusText } : {}),
        responseHeaders: [...(event.responseHeaders ?? []), { name: 'Content-Security-Policy', value: 'treat-as-public-address' }],
        body: body.base64Encoded ? body.body : Buffer.from(body.body).toString('base64'),
      })
    } catch {
      await session.send('Fetch.continueRequest', { requestId: event.requestId })
    }
  }

  stop(): void {
    this.#context.off('page', this.#onPage)
    if (this.#newPage !== undefined) this.#context.newPage = this.#newPage
    for (const session of this.#sessions.values()) void session.then((s) => s?.detach()).catch(() => undefined)
    this.#sessions.clear()
  }
}

type PausedDocument = {
  requestId: string
  request: { url: string }
  responseStatusCode?: number
  responseStatusText?: string
  responseErrorReason?: string
  responseHeaders?: Array<{ name: string, value: string }>
}

function originOf(url: string): string {
  return URL.parse(url)?.origin ?? 'null'
}
