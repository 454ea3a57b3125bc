import * as yaml from 'yaml'
import type { CorslabErrorCode } from '../errors.ts'
import { parseDataTextWith, parseScenarioWith } from './data-text.ts'
import type { Scenario } from './types.ts'

/** Parses YAML (or JSON, which is YAML) text; a syntax error names the file, line and column. */
export function parseDataText(text: string, file: string, code: CorslabErrorCode = 'E_SCENARIO_INVALID'): unknown {
  return parseDataTextWith(yaml, text, file, code)
}

/**
 * A scenario from the text of its file (YAML or JSON): parsed, then validated (the name must equal
 * the file name). Throws `E_SCENARIO_INVALID` naming the file, each field and how to fix it.
 *
 * @example
 * const scenario = parseScenario(readFileSync('scenarios/team-api.yaml', 'utf8'), 'scenarios/team-api.yaml')
 */
export function parseScenario(text: string, file: string): Scenario {
  return parseScenarioWith(yaml, text, file)
}
