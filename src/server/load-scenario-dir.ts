// Node-only: reads scenario files from disk. It lives in the server so that src/scenarios stays browser-safe.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CorslabError, isCorslabError } from '../errors.ts'
import { parseScenarioWith } from '../scenarios/data-text.ts'
import type { Scenario } from '../scenarios/types.ts'
import { nodeYaml } from './node-yaml.ts'

export const scenarioFilePattern = /^(?!.*\.schema\.json$).+\.(ya?ml|json)$/i

/**
 * Every scenario in `dir` (`*.yaml`, `*.yml`, `*.json`, not `*.schema.json`), sorted by name.
 * All or nothing: one bad file throws `E_SCENARIO_INVALID` naming every bad file and field.
 *
 * @example
 * import { corsHandlers } from 'corslab/msw'
 * import { loadScenarioDir } from 'corslab/server'
 * const cors = corsHandlers({ scenario: 'team-api', target: 'http://localhost:4010', scenarios: loadScenarioDir('cors-scenarios') })
 */
export function loadScenarioDir(dir: string): Scenario[] {
  let files: string[]
  try {
    files = readdirSync(dir).filter((f) => scenarioFilePattern.test(f)).sort()
  } catch (error) {
    throw new CorslabError('E_SCENARIO_INVALID', `cannot read the scenario directory ${dir}: ${(error as Error).message}. Check the path given to --scenarios.`, { cause: error })
  }
  const scenarios: Scenario[] = []
  const problems: string[] = []
  const seen = new Map<string, string>()
  for (const file of files) {
    const path = join(dir, file)
    try {
      const scenario = parseScenarioWith(nodeYaml(), readFileSync(path, 'utf8'), path)
      const twin = seen.get(scenario.name)
      if (twin !== undefined) {
        problems.push(`${path} and ${twin} both define ${scenario.name}; keep one of them.`)
        continue
      }
      seen.set(scenario.name, path)
      scenarios.push(scenario)
    } catch (error) {
      if (!isCorslabError(error)) problems.push(`${path}: ${(error as Error).message}`)
      else problems.push(error.message.replace(/^\[corslab\] /, ''))
    }
  }
  if (problems.length > 0) throw new CorslabError('E_SCENARIO_INVALID', problems.join('\n'))
  return scenarios.sort((a, b) => a.name.localeCompare(b.name))
}
