import { CorslabError } from '../errors.ts'
import { builtinScenarios } from './builtin.generated.ts'
import { unknownScenarioMessage } from './did-you-mean.ts'
import type { Scenario } from './types.ts'

/**
 * The built-in scenarios, from `scenarios/*.yaml` (compiled in, so no file is read at run time).
 *
 * @example
 * catalog.map((s) => s.name) // ['allow-all', 'allow-list', ..., 'wildcard-with-credentials-preflight']
 */
export const catalog: readonly Scenario[] = builtinScenarios

/**
 * The scenario named `name`, from `scenarios` (default: the built-in catalog).
 * An unknown name throws `E_SCENARIO_NOT_FOUND` naming the closest one (did you mean ...?).
 *
 * @example
 * getScenario('missing-preflight').expect.chromium // { outcome: 'blocked', stage: 'preflight', reason: 'preflight-invalid-status', preflight: true }
 */
export function getScenario(name: string, scenarios: readonly Scenario[] = catalog): Scenario {
  const found = scenarios.find((s) => s.name === name)
  if (found !== undefined) return found
  throw new CorslabError('E_SCENARIO_NOT_FOUND', unknownScenarioMessage(name, scenarios.map((s) => s.name)))
}

/** The built-in catalog with `extra` scenarios added; an extra one may not reuse a built-in name. */
export function mergeCatalog(extra: readonly Scenario[], base: readonly Scenario[] = catalog): Scenario[] {
  for (const scenario of extra) {
    if (base.some((b) => b.name === scenario.name)) {
      throw new CorslabError('E_SCENARIO_INVALID', `scenario ${JSON.stringify(scenario.name)} has the name of a built-in scenario. Rename the file and its name: field, e.g. my-${scenario.name}.`)
    }
  }
  return [...base, ...extra]
}
