import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { parse } from 'yaml'
import { isCorslabError } from '../../src/errors.ts'
import { loadScenarioDir } from '../../src/server/load-scenario-dir.ts'
import { sampleYaml } from './sample.ts'

const dirs: string[] = []
function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'corslab-scenarios-'))
  dirs.push(d)
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const named = (name: string) => sampleYaml.replace('name: sample', `name: ${name}`)

test('loads YAML and JSON scenario files, sorted by name, skipping schemas and other files', () => {
  const json = JSON.stringify(parse(named('b-json')))
  const d = dir({ 'c-yaml.yaml': named('c-yaml'), 'a-yml.yml': named('a-yml'), 'b-json.json': json, 'scenario.schema.json': '{}', 'notes.txt': 'x' })
  expect(loadScenarioDir(d).map((s) => s.name)).toEqual(['a-yml', 'b-json', 'c-yaml'])
})

test('one bad file fails the whole directory, naming every bad file', () => {
  const d = dir({ 'good.yaml': named('good'), 'bad.yaml': named('bad').replace('repeat: 2', 'repeat: 0'), 'worse.yaml': 'name: [' })
  try {
    loadScenarioDir(d)
    expect.unreachable()
  } catch (error) {
    expect(isCorslabError(error, 'E_SCENARIO_INVALID')).toBe(true)
    const message = (error as Error).message
    expect(message).toContain(join(d, 'bad.yaml'))
    expect(message).toMatch(/probe\.repeat: must be a whole number from 1 to 10/)
    expect(message).toContain(join(d, 'worse.yaml'))
    expect(message).not.toContain('good.yaml')
  }
})

test('two files with one name are refused', () => {
  const d = dir({ 'twin.yaml': named('twin'), 'twin.json': JSON.stringify(parse(named('twin'))) })
  expect(() => loadScenarioDir(d)).toThrow(/both define twin/)
})

test('a directory that does not exist is a clear error', () => {
  expect(() => loadScenarioDir('/no/such/dir')).toThrow(/cannot read the scenario directory \/no\/such\/dir.*--scenarios/)
})
