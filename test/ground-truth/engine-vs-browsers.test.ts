import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserNames, ensureBrowser, launch, type BrowserName, type BrowserPage, type BrowserSession } from '../support/browsers/index.ts'
import { cases } from './cases.ts'
import { runAndCompare } from './compare.ts'
import { startReplayServer, type ReplayServer } from './replay-server.ts'

/*
 * Ground truth: every case runs in a real browser against a replay server that answers with the
 * case's headers, and the engine must agree with what the browser did: the outcome, the preflights
 * sent and their Access-Control-Request-* headers, the request's Origin, the status and readable
 * headers, and (where the browser gives console text) the exact console message.
 *
 * The three browsers run side by side (most of a case is waiting on the browser), each one case at
 * a time in its own page, against one replay server: a case's fixed ports (the bad-port sweep) can
 * be listened on once only.
 */
describe.concurrent('the engine agrees with real browsers', () => {
  let server: ReplayServer
  const sessions: BrowserSession[] = []
  const pages = new Map<BrowserName, BrowserPage>()
  // Each browser's queue: a case starts once the browser's previous one has ended.
  const queues = new Map<BrowserName, Promise<unknown>>()
  function inTurn<T>(browser: BrowserName, run: () => Promise<T>): Promise<T> {
    const turn = (queues.get(browser) ?? Promise.resolve()).then(run)
    queues.set(browser, turn.catch(() => undefined))
    return turn
  }

  beforeAll(async () => {
    for (const browser of browserNames) ensureBrowser(browser)
    server = await startReplayServer()
    for (const browser of browserNames) {
      const session = await launch(browser)
      sessions.push(session)
      pages.set(browser, await session.newPage())
    }
  })

  afterAll(async () => {
    for (const page of pages.values()) await page.close()
    for (const session of sessions) await session.close()
    await server?.close()
  })

  // Interleaved, so that each browser always has its next case waiting.
  const runs = cases.flatMap((c) => browserNames.map((browser) => [browser, c.name, c] as const))
  it.each(runs)('%s: %s', async (browser, _name, c) => {
    const { differences } = await inTurn(browser, () => runAndCompare(pages.get(browser) as BrowserPage, server, c, browser))
    expect(differences, differences.join('\n')).toEqual([])
  }, 60_000)
})
