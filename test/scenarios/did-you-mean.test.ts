import { expect, test } from 'vitest'
import { catalog, getScenario } from '../../src/scenarios/index.ts'
import { closestName, unknownScenarioMessage } from '../../src/scenarios/did-you-mean.ts'

const names = catalog.map((s) => s.name)

test.each([
  ['wildcard-credentials', 'wildcard-with-credentials'],
  ['wildcard-with-credential', 'wildcard-with-credentials'],
  ['preflight-missing', 'missing-preflight'],
  ['missing-prefligt', 'missing-preflight'],
  ['Missing-Allow-Origin', 'missing-allow-origin'],
  ['alow-all', 'allow-all'],
  ['disallowed-headers', 'disallowed-header'],
  ['credentials-wildcard-preflight', 'wildcard-with-credentials-preflight'],
  ['duplicate-origin', 'duplicate-allow-origin'],
])('%s suggests %s', (typed, meant) => {
  expect(closestName(typed, names)).toBe(meant)
})

test.each(['zzz', 'allow-everything', 'graphql', ''])('%j suggests nothing', (typed) => {
  expect(closestName(typed, names)).toBeUndefined()
})

test('the message names one scenario, never the whole list on a line', () => {
  expect(unknownScenarioMessage('wildcard-credentials', names)).toBe(`no scenario named "wildcard-credentials". Did you mean "wildcard-with-credentials"? \`npx corslab list\` shows all ${names.length}.`)
  expect(unknownScenarioMessage('zzz', names)).toBe(`no scenario named "zzz". \`npx corslab list\` shows all ${names.length}.`)
  expect(() => getScenario('wildcard-credentials')).toThrow(/^\[corslab\] no scenario named "wildcard-credentials"\. Did you mean "wildcard-with-credentials"\?/)
  expect(() => getScenario('wildcard-credentials')).not.toThrow(/allow-all/)
})

test('corsHandlers and a /@NAME/ prefix under it suggest the same way', async () => {
  const { corsHandlers } = await import('../../src/msw/index.ts')
  expect(() => corsHandlers({ scenario: 'missing-allow-orign', target: 'http://localhost:4010', origin: 'http://localhost:5173' }))
    .toThrow(/no scenario named "missing-allow-orign"\. Did you mean "missing-allow-origin"\?/)
})
