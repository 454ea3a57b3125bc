import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserNames, ensureBrowser, launch, type BrowserPage, type BrowserSession } from '../support/browsers/index.ts'
import { cases } from './cases.ts'
import { runAndCompare } from './compare.ts'
import { startReplayServer, type ReplayServer } from './replay-server.ts'

/*
 * Ground truth: every case runs in a real browser against a replay server that answers with the
 * case's headers, and the engine must agree with what the browser did: the outcome, the preflights
 * sent and their Access-Control-Request-* headers, the request's Origin, the status and readable
 * headers, and (where the browser gives console text) the exact console message.
 */
describe.each(browserNames)('the engine agrees with real %s', (browser) => {
  let server: ReplayServer
  let session: BrowserSession
  let page: BrowserPage

  beforeAll(async () => {
    ensureBrowser(browser)
    server = await startReplayServer()
    session = await launch(browser)
    page = await session.newPage()
  })

  afterAll(async () => {
    await page?.close()
    await session?.close()
    await server?.close()
  })

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { differences } = await runAndCompare(page, server, c, browser)
    expect(differences, differences.join('\n')).toEqual([])
  }, 60_000)
})
