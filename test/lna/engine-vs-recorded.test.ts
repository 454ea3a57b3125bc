import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { simulate, type Answer, type AnswerRequest, type BrowserName, type HeaderList, type Verdict } from '../../src/index.ts'
import { cases, type LnaCase } from './cases.ts'
import type { LnaObservation } from './observation.ts'

/*
 * The engine against what Chromium 156, Firefox ESR 153 and WebKitGTK 2.50 did with each Local
 * Network Access case (record.ts): the outcome, what reached the servers, the promise's error and
 * the console text. WebKit's pages could not be made public, and it has no permission to set: its
 * recording shows a browser without the check, which is what the engine says of it.
 */

const observed = (browser: BrowserName) => JSON.parse(readFileSync(new URL(`./observed/${browser}.json`, import.meta.url), 'utf8')) as Record<string, LnaObservation>

// The answers record.ts's servers give.
function answer(c: LnaCase, asked: AnswerRequest, final: string): Answer {
  const origin = asked.headers.find(([n]) => n === 'origin')?.[1]
  const headers: HeaderList = [['content-type', 'text/plain']]
  if (c.cors !== false) {
    headers.push(['access-control-allow-origin', origin ?? '*'], ['access-control-allow-methods', 'GET, PUT'], ['access-control-allow-headers', 'x-custom'])
  }
  const redirecting = c.via !== undefined && asked.hop === 0
  const addressSpace = redirecting ? c.via : c.api
  if (redirecting && asked.kind === 'response') return { status: 302, headers: [...headers, ['location', final]], addressSpace }
  return { status: asked.kind === 'preflight' ? 204 : 200, headers, addressSpace }
}

function run(c: LnaCase, o: LnaObservation, browser: BrowserName): { verdict: Verdict, sent: number } {
  const asked: AnswerRequest[] = []
  const verdict = simulate(
    { request: { url: o.url, origin: o.pageOrigin, ...c.request, addressSpace: c.page } },
    {
      browser,
      localNetworkAccess: c.permission,
      resolve: (request) => {
        asked.push(request)
        return answer(c, request, o.final)
      },
    },
  )
  // A request refused for Local Network Access was asked for its answer (the address it would
  // connect to) and never sent.
  const refused = asked.length > 0 && verdict.reason?.startsWith('local-network-') === true
  return { verdict, sent: asked.length - (refused ? 1 : 0) }
}

const cssLine = (line: string) => !line.startsWith('Failed to load resource')


describe.each(['chromium', 'firefox', 'webkit'] as const)('the engine agrees with %s on Local Network Access', (browser) => {
  const recorded = observed(browser)
  const selected = cases.filter((c) => recorded[c.name] !== undefined)

  it('has a recording of every case the browser can run', () => {
    expect(selected.length).toBe(browser === 'webkit' ? cases.filter((c) => !c.insecure).length : cases.length)
  })

  it.each(selected.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const o = recorded[c.name] as LnaObservation
    const { verdict, sent } = run(c, o, browser)
    switch (o.outcome) {
      case 'pending':
        expect(verdict).toMatchObject({ outcome: 'blocked', pending: true, message: '' })
        break
      case 'threw':
        expect(verdict).toMatchObject({ outcome: 'blocked', stage: 'request', message: '' })
        expect(o.error).toBe(`TypeError: ${verdict.error}`)
        break
      case 'opaqueredirect':
      case 'opaque':
        expect(verdict.outcome).toBe('opaque')
        break
      default:
        expect(verdict.outcome).toBe(o.outcome)
    }
    expect(sent, 'requests that reached the servers').toBe(o.arrivals.length)
    expect(verdict.preflights).toBe(o.arrivals.filter((a) => a.preflight).length)
    if (o.outcome === 'allowed') expect(verdict.status).toBe(o.status)
    if (o.outcome === 'blocked') {
      // fetch() rejects with a TypeError; XHR's error is the event the page gets, as the engine writes it.
      expect(o.error).toBe(c.request?.initiator === 'xhr' ? verdict.error : `TypeError: ${verdict.error}`)
      const printed = (o.console ?? []).filter(cssLine)
      const message = verdict.message ?? ''
      if (message === '') expect(printed).toEqual([])
      else if (o.console !== null) expect(printed.some((line) => message.split('\n').includes(line)), `${message}\n  not in\n${printed.join('\n')}`).toBe(true)
    }
  })
})
