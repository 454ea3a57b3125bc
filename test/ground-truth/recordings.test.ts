import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { browsers, type BrowserName } from '../../src/index.ts'
import type { Observation, RunAddresses } from './case.ts'
import { cases } from './cases.ts'
import { differences, predict, toExchange } from './compare.ts'

/*
 * The recorded ground truth, replayed against the engine with no browser: for every case, what the
 * real browser did (test/ground-truth/observed/<browser>.json, written by record.ts) must be what
 * the engine says it does, through fetch() and through XMLHttpRequest. The live suite
 * (engine-vs-browsers.test.ts) runs the same comparison in the browsers themselves.
 */

function recorded(browser: BrowserName): Record<string, Observation> {
  const file = new URL(`./observed/${browser}.json`, import.meta.url)
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, Observation>
}

describe.each(browsers)('the engine agrees with what %s did (recorded)', (browser) => {
  const observed = recorded(browser)

  it.each(cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const o = observed[name]
    expect(o, `no recording of this case: node test/ground-truth/record.ts ${browser} --only '${name}'`).toBeDefined()
    expect(o?.run, 'the recording says where it ran (record it again)').toBeDefined()
    const observation = o as Observation
    const predicted = predict(toExchange(observation.run as RunAddresses, c), browser, c.request.repeat ?? 1)
    const found = differences(observation, predicted, c)
    expect(found, found.join('\n')).toEqual([])
  })
})
