import { expect, test } from 'vitest'
import { isCorslabError } from '../../src/errors.ts'
import { parseScenario, validateScenario } from '../../src/scenarios/index.ts'
import schema from '../../scenarios/scenario.schema.json' with { type: 'json' }
import { validates } from './json-schema.ts'
import { sample, sampleYaml } from './sample.ts'

const schemaAccepts = (doc: unknown) => validates(schema, schema, doc)
// Rules a JSON Schema cannot state; the validator alone checks them.
const validatorOnly = new Set(['hiddenHeaders are among readHeaders', 'an origin pattern regex compiles'])

type Doc = Record<string, any>

function errorOf(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    if (!isCorslabError(error, 'E_SCENARIO_INVALID')) throw error
    return error.message
  }
  throw new Error('expected E_SCENARIO_INVALID, but the document was accepted')
}

test('the sample document is valid', () => {
  expect(schemaAccepts(sample())).toBe(true)
  expect(validateScenario(sample(), 'sample.yaml').name).toBe('sample')
  expect(parseScenario(sampleYaml, 'scenarios/sample.yaml').probe.repeat).toBe(2)
})

// One row per schema rule: [what, how to break the sample, the field path named, words of the message]
const rules: Array<[string, (d: Doc) => unknown, string, RegExp]> = [
  ['name is required', (d) => delete d.name, 'name', /is required/],
  ['title is required', (d) => delete d.title, 'title', /is required/],
  ['summary is required', (d) => delete d.summary, 'summary', /is required/],
  ['policy is required', (d) => delete d.policy, 'policy', /is required/],
  ['probe is required', (d) => delete d.probe, 'probe', /is required/],
  ['expect is required', (d) => delete d.expect, 'expect', /is required/],
  ['no unknown top-level field', (d) => (d.titel = 'x'), 'titel', /not a known field.*did you mean `title`/],
  ['name is lower-case with dashes', (d) => (d.name = 'Bad_Name'), 'name', /lower-case letters, digits and dashes/],
  ['name is a string', (d) => (d.name = 7), 'name', /must be a string/],
  ['title is not empty', (d) => (d.title = '  '), 'title', /must not be empty/],
  ['summary is a string', (d) => (d.summary = 42), 'summary', /must be a string, got 42/],
  ['fix is not empty', (d) => (d.fix = ''), 'fix', /must not be empty/],
  ['policy is a mapping', (d) => (d.policy = 'open'), 'policy', /must be a mapping/],
  ['policy has only cors and faults', (d) => (d.policy.headers = {}), 'policy.headers', /not a known field/],
  ['cors is a mapping', (d) => (d.policy.cors = 'yes'), 'policy.cors', /must be a mapping of @fastify\/cors options/],
  ['cors has only the plugin options', (d) => (d.policy.cors.allowHeaders = ['x']), 'policy.cors.allowHeaders', /did you mean `allowedHeaders`/],
  ['cors.origin is a boolean, string or list', (d) => (d.policy.cors.origin = 5), 'policy.cors.origin', /true, false, a string, a pattern or a list/],
  ['cors.origin is not an empty string', (d) => (d.policy.cors.origin = ''), 'policy.cors.origin', /must not be empty/],
  ['cors.origin list is not empty', (d) => (d.policy.cors.origin = []), 'policy.cors.origin', /must not be an empty list/],
  ['cors.origin list items are strings', (d) => (d.policy.cors.origin = ['https://a.example', 3]), 'policy.cors.origin[1]', /must be a string/],
  ['an origin pattern has a regex', (d) => (d.policy.cors.origin = [{ pattern: 'x' }]), 'policy.cors.origin[0].regex', /is required/],
  ['an origin pattern has only regex', (d) => (d.policy.cors.origin[1].flags = 'i'), 'policy.cors.origin[1].flags', /not a known field/],
  ['an origin pattern regex is a string', (d) => (d.policy.cors.origin = { regex: 5 }), 'policy.cors.origin.regex', /must be a string/],
  ['an origin pattern regex compiles', (d) => (d.policy.cors.origin = { regex: '(' }), 'policy.cors.origin.regex', /is not a regular expression/],
  ['security is a mapping', (d) => (d.security = 'critical'), 'security', /must be a mapping/],
  ['security.finding is required', (d) => delete d.security.finding, 'security.finding', /is required/],
  ['security.finding is a finding id', (d) => (d.security.finding = 'reflection'), 'security.finding', /one of origin-reflected/],
  ['security.severity is a severity', (d) => (d.security.severity = 'severe'), 'security.severity', /one of critical, high, medium, low, info/],
  ['security.note is not empty', (d) => (d.security.note = ' '), 'security.note', /must not be empty/],
  ['security has only its fields', (d) => (d.security.fix = 'x'), 'security.fix', /not a known field/],
  ['cors.credentials is a boolean', (d) => (d.policy.cors.credentials = 'yes'), 'policy.cors.credentials', /true or false/],
  ['cors.preflight is a boolean', (d) => (d.policy.cors.preflight = 1), 'policy.cors.preflight', /true or false/],
  ['cors.strictPreflight is a boolean', (d) => (d.policy.cors.strictPreflight = 'no'), 'policy.cors.strictPreflight', /true or false/],
  ['cors.methods list items are methods', (d) => (d.policy.cors.methods = ['GET', 'PUT\nX: y']), 'policy.cors.methods[1]', /not a valid method/],
  ['cors.methods is a comma list, not words', (d) => (d.policy.cors.methods = 'GET POST'), 'policy.cors.methods', /is "GET POST", which is not a comma-separated list of methods\. Fix: write a list, \[GET, POST\], or 'GET, POST'\./],
  ['cors.allowedHeaders is a comma list', (d) => (d.policy.cors.allowedHeaders = 'content-type x-request-id'), 'policy.cors.allowedHeaders', /not a comma-separated list of header names\. Fix: write a list, \[content-type, x-request-id\]/],
  ['cors.allowedHeaders is a string or list', (d) => (d.policy.cors.allowedHeaders = 12), 'policy.cors.allowedHeaders', /must be a string/],
  ['cors.exposedHeaders list is not empty', (d) => (d.policy.cors.exposedHeaders = []), 'policy.cors.exposedHeaders', /empty list/],
  ['cors.maxAge is not negative', (d) => (d.policy.cors.maxAge = -1), 'policy.cors.maxAge', /whole number from 0/],
  ['cors.maxAge is whole', (d) => (d.policy.cors.maxAge = 1.5), 'policy.cors.maxAge', /whole number/],
  ['cors.optionsSuccessStatus is 200-599', (d) => (d.policy.cors.optionsSuccessStatus = 100), 'policy.cors.optionsSuccessStatus', /from 200 to 599/],
  ['faults is a list', (d) => (d.policy.faults = { status: 500 }), 'policy.faults', /must be a list/],
  ['a fault is a mapping', (d) => (d.policy.faults = ['drop acao']), 'policy.faults[0]', /must be a mapping/],
  ['a fault has only known fields', (d) => (d.policy.faults[0].headers = {}), 'policy.faults[0].headers', /not a known field/],
  ['a fault does something', (d) => (d.policy.faults = [{ when: { preflight: true } }]), 'policy.faults[0]', /no action/],
  ['when is a mapping', (d) => (d.policy.faults[0].when = 'preflight'), 'policy.faults[0].when', /must be a mapping/],
  ['when has only known fields', (d) => (d.policy.faults[0].when.origin = 'x'), 'policy.faults[0].when.origin', /not a known field/],
  ['when.preflight is a boolean', (d) => (d.policy.faults[0].when.preflight = 'yes'), 'policy.faults[0].when.preflight', /true or false/],
  ['when.status is a status or class', (d) => (d.policy.faults[0].when.status = '6xx'), 'policy.faults[0].when.status', /a class such as 4xx/],
  ['when.status list items are statuses', (d) => (d.policy.faults[0].when.status = [404, 700]), 'policy.faults[0].when.status[1]', /status \(100-599\)/],
  ['when.path starts with /', (d) => (d.policy.faults[0].when.path = 'api'), 'policy.faults[0].when.path', /must start with \//],
  ['when.method is a token', (d) => (d.policy.faults[0].when.method = 'GE T'), 'policy.faults[0].when.method', /not a valid method/],
  ['fault.status is 200-599', (d) => (d.policy.faults[0].status = 150), 'policy.faults[0].status', /from 200 to 599/],
  ['fault.remove is a list', (d) => (d.policy.faults[0].remove = 'vary'), 'policy.faults[0].remove', /must be a list/],
  ['fault.remove names are header names', (d) => (d.policy.faults[0].remove = ['bad name']), 'policy.faults[0].remove[0]', /not a valid header name/],
  ['fault.set is a mapping', (d) => (d.policy.faults[0].set = ['x']), 'policy.faults[0].set', /must be a mapping/],
  ['fault.set names are header names', (d) => (d.policy.faults[0].set = { 'bad name': 'x' }), 'policy.faults[0].set.bad name', /not a valid header name/],
  ['fault.set values are strings', (d) => (d.policy.faults[0].set = { 'x-a': 1 }), 'policy.faults[0].set.x-a', /must be a string/],
  ['fault values are one line', (d) => (d.policy.faults[0].set = { 'x-a': 'a\r\nb' }), 'policy.faults[0].set.x-a', /line break/],
  ['fault values use known placeholders', (d) => (d.policy.faults[0].set = { 'x-a': '{host}' }), 'policy.faults[0].set.x-a', /unknown placeholder \{host\}/],
  ['fault.add lists are not empty', (d) => (d.policy.faults[0].add = { 'x-b': [] }), 'policy.faults[0].add.x-b', /empty list/],
  ['fault.delay is bounded', (d) => (d.policy.faults[0].delay = 999_999), 'policy.faults[0].delay', /from 0 to 120000/],
  ['probe is a mapping', (d) => (d.probe = 'GET /'), 'probe', /must be a mapping/],
  ['probe.method is required', (d) => delete d.probe.method, 'probe.method', /is required/],
  ['probe.path is required', (d) => delete d.probe.path, 'probe.path', /is required/],
  ['probe has only known fields', (d) => (d.probe.body = '{}'), 'probe.body', /not a known field/],
  ['probe.method is a token', (d) => (d.probe.method = 'GE T'), 'probe.method', /not a valid method/],
  ['probe.method is not forbidden', (d) => (d.probe.method = 'TRACE'), 'probe.method', /fetch\(\) refuses/],
  ['probe.path starts with /', (d) => (d.probe.path = 'api/items'), 'probe.path', /must start with \//],
  ['probe.headers is a mapping', (d) => (d.probe.headers = ['x']), 'probe.headers', /must be a mapping/],
  ['probe.headers names are header names', (d) => (d.probe.headers = { 'x y': '1' }), 'probe.headers.x y', /not a valid header name/],
  ['probe.headers values are strings', (d) => (d.probe.headers = { 'x-one': 1 }), 'probe.headers.x-one', /must be a string/],
  ['probe.credentials is a credentials mode', (d) => (d.probe.credentials = 'always'), 'probe.credentials', /one of omit, same-origin, include/],
  ['probe.readHeaders is a list', (d) => (d.probe.readHeaders = 'x-total-count'), 'probe.readHeaders', /must be a list/],
  ['probe.readHeaders are header names', (d) => (d.probe.readHeaders = ['x total']), 'probe.readHeaders[0]', /not a valid header name/],
  ['probe.repeat is at least 1', (d) => (d.probe.repeat = 0), 'probe.repeat', /from 1 to 10/],
  ['probe.repeat is at most 10', (d) => (d.probe.repeat = 11), 'probe.repeat', /from 1 to 10/],
  ['expect is a mapping', (d) => (d.expect = 'blocked'), 'expect', /must be a mapping/],
  ['expect names every browser', (d) => delete d.expect.webkit, 'expect.webkit', /is required/],
  ['expect names only the three browsers', (d) => (d.expect.safari = d.expect.webkit), 'expect.safari', /not a known field/],
  ['an expectation is a mapping', (d) => (d.expect.chromium = 'blocked'), 'expect.chromium', /must be a mapping/],
  ['expectation.outcome is required', (d) => delete d.expect.webkit.outcome, 'expect.webkit.outcome', /is required/],
  ['expectation.preflight is required', (d) => delete d.expect.webkit.preflight, 'expect.webkit.preflight', /is required/],
  ['expectation has only known fields', (d) => (d.expect.webkit.message = 'x'), 'expect.webkit.message', /not a known field/],
  ['expectation.outcome is an outcome', (d) => (d.expect.webkit.outcome = 'denied'), 'expect.webkit.outcome', /one of allowed, blocked, opaque/],
  ['expectation.stage is a stage', (d) => (d.expect.chromium.stage = 'network'), 'expect.chromium.stage', /one of request, preflight, response, redirect/],
  ['expectation.reason is a reason id', (d) => (d.expect.chromium.reason = 'bogus'), 'expect.chromium.reason', /one of missing-allow-origin/],
  ['a blocked expectation has a stage', (d) => delete d.expect.chromium.stage, 'expect.chromium.stage', /required when the outcome is blocked/],
  ['a blocked expectation has a reason', (d) => delete d.expect.chromium.reason, 'expect.chromium.reason', /required when the outcome is blocked/],
  ['an allowed expectation has no reason', (d) => (d.expect.webkit.reason = 'missing-allow-origin'), 'expect.webkit.reason', /only for a blocked outcome/],
  ['expectation.preflight is a boolean', (d) => (d.expect.webkit.preflight = 'yes'), 'expect.webkit.preflight', /true or false/],
  ['expectation.preflights is not negative', (d) => (d.expect.firefox.preflights = -1), 'expect.firefox.preflights', /from 0 to 10/],
  ['expectation.hiddenHeaders is a list', (d) => (d.expect.firefox.hiddenHeaders = 'x'), 'expect.firefox.hiddenHeaders', /must be a list/],
  ['hiddenHeaders are among readHeaders', (d) => (d.expect.firefox.hiddenHeaders = ['etag']), 'expect.firefox.hiddenHeaders[0]', /does not read.*add etag to probe\.readHeaders/],
]

test.each(rules)('%s', (rule, breakIt, path, words) => {
  const doc = sample()
  breakIt(doc)
  // The schema refuses the same document (editors flag what corslab refuses).
  expect(schemaAccepts(doc)).toBe(validatorOnly.has(rule))
  const message = errorOf(() => validateScenario(doc, 'scenarios/sample.yaml'))
  expect(message).toContain('scenarios/sample.yaml')
  const line = message.split('\n').find((l) => l.trimStart().startsWith(`${path || '(document)'}:`))
  expect(line, `no line for ${path} in:\n${message}`).toBeDefined()
  expect(line).toMatch(words)
  expect(line).toMatch(/Fix: \S/)
})

test('a document that is not a mapping is refused as a whole', () => {
  for (const doc of [null, ['a'], 'text', 3]) {
    expect(errorOf(() => validateScenario(doc, 'x.yaml'))).toMatch(/\(document\): must be a mapping/)
  }
})

test('the name must equal the file name', () => {
  const message = errorOf(() => validateScenario(sample(), 'scenarios/other.yaml'))
  expect(message).toMatch(/name: is "sample" but the file is named other\. Fix: rename the file to sample\.yaml or set name: other/)
})

test('every problem is reported at once, in document order', () => {
  const doc = sample()
  doc.title = ''
  doc.probe.repeat = 0
  doc.expect.webkit.outcome = 'nope'
  const message = errorOf(() => validateScenario(doc, 'sample.yaml'))
  const paths = message.split('\n').slice(1).map((l) => l.trim().split(':')[0])
  expect(paths).toEqual(['title', 'probe.repeat', 'expect.webkit.outcome'])
})

test('YAML syntax errors name the file, line and column', () => {
  const text = sampleYaml.replace("set: { x-a: '{origin}' }", 'set: { x-a: {origin}/ }')
  const message = errorOf(() => parseScenario(text, 'scenarios/sample.yaml'))
  expect(message).toMatch(/scenarios\/sample\.yaml is not valid YAML or JSON \(line 20, column \d+\)/)
  expect(message).toMatch(/quote values that start with \{/)
})

test('a key given twice is an error, not a silent override', () => {
  const message = errorOf(() => parseScenario(`${sampleYaml}\ntitle: again\n`, 'sample.yaml'))
  expect(message).toMatch(/line \d+, column \d+/)
})

test('a $schema key is allowed for editors and dropped from the scenario', () => {
  const doc = { $schema: './scenario.schema.json', ...sample() }
  expect(validateScenario(doc, 'sample.yaml')).not.toHaveProperty('$schema')
})
