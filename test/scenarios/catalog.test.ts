import { readdirSync, readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { expectedCatalogSource, expectedReadme, expectedRootReadme, generatedFile, readmeFile, rootReadmeFile, scenariosDir } from '../../scripts/build-catalog.ts'
import { browsers, reasonIds } from '../../src/engine/index.ts'
import { isCorslabError } from '../../src/errors.ts'
import { catalog, getScenario } from '../../src/scenarios/index.ts'
import { credentialsModes } from '../../src/engine/fetch-terms.ts'
import { scenarioFields, requiredFields, outcomes, stages } from '../../src/scenarios/validate.ts'
import { findingIds, severities } from '../../src/scenarios/security.ts'
import schema from '../../scenarios/scenario.schema.json' with { type: 'json' }
import { validates } from './json-schema.ts'
import { parse } from 'yaml'

// Issue 7 names these; the catalog may hold more, never fewer.
const required = [
  'allow-all', 'allow-list', 'missing-allow-origin', 'allow-origin-mismatch', 'allow-origin-trailing-slash',
  'multiple-allow-origin', 'duplicate-allow-origin', 'null-allow-origin', 'wildcard-with-credentials',
  'missing-allow-credentials', 'invalid-allow-credentials', 'missing-preflight', 'preflight-requires-auth',
  'preflight-error-status', 'preflight-redirect', 'disallowed-method', 'fastify-cors-defaults', 'disallowed-header',
  'wildcard-headers-authorization', 'wildcard-with-credentials-preflight', 'preflight-only-cors',
  'error-responses-without-cors', 'hidden-response-header', 'expose-headers-wildcard-with-credentials',
  'redirect-cross-origin', 'preflight-cache', 'vary-origin-missing', 'slow-preflight',
]

const files = readdirSync(scenariosDir).filter((f) => f.endsWith('.yaml'))

test('the catalog holds every scenario the issue names', () => {
  const names = catalog.map((s) => s.name)
  expect(names.filter((n) => !required.includes(n)).length + required.length).toBe(names.length)
  for (const name of required) expect(names).toContain(name)
})

test('there is one file per scenario, named after it', () => {
  expect(files.map((f) => f.replace(/\.yaml$/, '')).sort()).toEqual(catalog.map((s) => s.name).sort())
})

test('every scenario file is valid against the JSON Schema', () => {
  for (const file of files) {
    const doc = parse(readFileSync(`${scenariosDir}/${file}`, 'utf8'))
    expect(validates(schema, schema, doc), file).toBe(true)
  }
})

test('the generated catalog is in sync with the scenario files', () => {
  const current = readFileSync(generatedFile, 'utf8')
  expect(current === expectedCatalogSource(), 'src/scenarios/builtin.generated.ts is stale: run npm run build').toBe(true)
})

test('scenarios/README.md holds the current catalog table', () => {
  const current = readFileSync(readmeFile, 'utf8')
  expect(current === expectedReadme(), 'scenarios/README.md is stale: run npm run build').toBe(true)
  for (const s of catalog) expect(current).toContain(`[\`${s.name}\`](${s.name}.yaml)`)
})

test('the README at the root carries the same catalog table, kept in sync by the build', () => {
  const current = readFileSync(rootReadmeFile, 'utf8')
  expect(current === expectedRootReadme(), 'README.md is stale: run npm run build').toBe(true)
  // Absolute links: the root README is also the registry's page, where relative links lead nowhere.
  for (const s of catalog) expect(current).toContain(`[\`${s.name}\`](https://github.com/corslab/corslab/blob/main/scenarios/${s.name}.yaml)`)
})

test('every scenario says where its mistake comes from and how to fix it', () => {
  for (const s of catalog) {
    expect(s.summary.length, s.name).toBeGreaterThan(120)
    expect(s.fix, s.name).toBeTruthy()
  }
})

test('scenarios that block in one browser and not another say so per browser', () => {
  const differing = catalog.filter((s) => new Set(browsers.map((b) => JSON.stringify(s.expect[b]))).size > 1).map((s) => s.name)
  expect(differing).toEqual(expect.arrayContaining(['multiple-allow-origin', 'preflight-requires-auth']))
})

test('getScenario finds a scenario by name', () => {
  expect(getScenario('missing-preflight').policy.cors?.preflight).toBe(false)
})

test('an unknown name is E_SCENARIO_NOT_FOUND, naming the closest one and where the list is', () => {
  try {
    getScenario('missing-allow-orign')
    expect.unreachable()
  } catch (error) {
    expect(isCorslabError(error, 'E_SCENARIO_NOT_FOUND')).toBe(true)
    expect((error as Error).message).toBe(`[corslab] no scenario named "missing-allow-orign". Did you mean "missing-allow-origin"? \`npx corslab list\` shows all ${catalog.length}.`)
  }
})

test('the browser-safe part of src/scenarios imports no node: module', () => {
  const dir = new URL('../../src/scenarios/', import.meta.url)
  for (const file of readdirSync(dir)) {
    if (file === 'load-dir.ts') continue
    const text = readFileSync(new URL(file, dir), 'utf8')
    expect(text, file).not.toMatch(/from ['"]node:|require\(/)
    expect(text, file).not.toMatch(/from ['"]\.\/load-dir\.ts['"]/)
  }
})

// The schema and the validator list the same fields, required fields and values.
test('the JSON Schema and the validator agree on fields and values', () => {
  const defs = schema.$defs as Record<string, any>
  const keys = (node: any) => Object.keys(node.properties).sort()
  expect(keys(schema)).toEqual([...scenarioFields.scenario].sort())
  expect(keys(defs.policy)).toEqual([...scenarioFields.policy].sort())
  expect(keys(defs.cors)).toEqual([...scenarioFields.cors].sort())
  expect(keys(defs.fault)).toEqual([...scenarioFields.fault].sort())
  expect(keys(defs.fault.properties.when)).toEqual([...scenarioFields.when].sort())
  expect(keys(defs.probe)).toEqual([...scenarioFields.probe].sort())
  expect(keys(defs.expectation)).toEqual([...scenarioFields.expectation].sort())
  expect(schema.required).toEqual([...requiredFields.scenario])
  expect(defs.probe.required).toEqual([...requiredFields.probe])
  expect(defs.expectation.required).toEqual([...requiredFields.expectation])
  expect(keys(schema.properties.expect)).toEqual([...browsers].sort())
  expect(defs.expectation.properties.outcome.enum).toEqual([...outcomes])
  expect(defs.expectation.properties.stage.enum).toEqual([...stages])
  expect(defs.expectation.properties.reason.enum).toEqual([...reasonIds])
  expect(defs.probe.properties.credentials.enum).toEqual([...credentialsModes])
  expect(keys(defs.security)).toEqual([...scenarioFields.security].sort())
  expect(defs.security.required).toEqual([...requiredFields.security])
  expect(defs.security.properties.finding.enum).toEqual([...findingIds])
  expect(defs.security.properties.severity.enum).toEqual([...severities])
  expect(keys(defs.originPattern)).toEqual([...scenarioFields.originPattern].sort())
  expect(defs.originPattern.required).toEqual([...requiredFields.originPattern])
})
