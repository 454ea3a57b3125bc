import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { browsers, type BrowserName } from '../../src/index.ts'
import type { GroundTruthCase, Observation, RunAddresses } from './case.ts'
import { cases } from './cases.ts'
import { differences, predict, toExchange } from './compare.ts'

/*
 * The recorded ground truth, replayed against the engine with no browser: for every case, what the
 * real browser did (test/ground-truth/observed/<browser>.json, written by record.ts) must be what
 * the engine says it does, through fetch() and through XMLHttpRequest; and so for the random
 * exchanges of the runs random.ts saved (observed/random-<browser>-<seed>.json). The live suite
 * (engine-vs-browsers.test.ts) runs the same comparison in the browsers themselves.
 */

const observed = (file: string) => new URL(`./observed/${file}`, import.meta.url)

function recorded(browser: BrowserName): Record<string, Observation> {
  return JSON.parse(readFileSync(observed(`${browser}.json`), 'utf8')) as Record<string, Observation>
}

interface RandomRun {
  seed: number
  count: number
  cases: Record<string, { case: GroundTruthCase; observed: Observation }>
}

/** Every saved random run for `browser` (observed/random-BROWSER-SEED.json). */
function randomRuns(browser: BrowserName): RandomRun[] {
  const files = readdirSync(observed('')).filter((f) => f.startsWith(`random-${browser}-`) && f.endsWith('.json'))
  return files.sort().map((f) => JSON.parse(readFileSync(observed(f), 'utf8')) as RandomRun)
}

function agree(c: GroundTruthCase, o: Observation, browser: BrowserName): void {
  expect(o.run, 'the recording says where it ran (record it again)').toBeDefined()
  const predicted = predict(toExchange(o.run as RunAddresses, c), browser, c.request.repeat ?? 1)
  const found = differences(o, predicted, c)
  expect(found, found.join('\n')).toEqual([])
}

describe.each(browsers)('the engine agrees with what %s did (recorded)', (browser) => {
  const observations = recorded(browser)

  it.each(cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const o = observations[name]
    expect(o, `no recording of this case: node test/ground-truth/record.ts ${browser} --only '${name}'`).toBeDefined()
    agree(c, o as Observation, browser)
  })
})

describe.each(browsers)('the engine agrees with what %s did with random exchanges (recorded)', (browser) => {
  const runs = randomRuns(browser)
  it('has a saved random run (node test/ground-truth/random.ts BROWSER --save)', () => {
    expect(runs.length, `no observed/random-${browser}-SEED.json`).toBeGreaterThan(0)
  })
  it.each(runs.flatMap((run) => Object.entries(run.cases)))('%s', (_name, { case: c, observed: o }) => {
    agree(c, o, browser)
  })
})
