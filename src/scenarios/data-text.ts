import type { parse, YAMLError } from 'yaml'
import { CorslabError, type CorslabErrorCode } from '../errors.ts'
import type { Scenario } from './types.ts'
import { validateScenario } from './validate.ts'

/** The part of the `yaml` package used here, passed in: Node loads it only when a file is read. */
export interface YamlModule {
  parse: typeof parse
  YAMLError: typeof YAMLError
}

/** Parses YAML (or JSON, which is YAML) text; a syntax error names the file, line and column. */
export function parseDataTextWith(yaml: YamlModule, text: string, file: string, code: CorslabErrorCode = 'E_SCENARIO_INVALID'): unknown {
  try {
    return yaml.parse(text, { prettyErrors: true, uniqueKeys: true, maxAliasCount: 100 })
  } catch (error) {
    if (!(error instanceof yaml.YAMLError)) throw error
    const at = error.linePos?.[0]
    const where = at ? `line ${at.line}, column ${at.col}` : 'somewhere'
    const first = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '')
    throw new CorslabError(code, `${file} is not valid YAML or JSON (${where}): ${first}. Fix the syntax there; quote values that start with { or [, such as '{origin}'.`, { cause: error })
  }
}

/** A scenario from the text of its file: parsed, then validated (the name must equal the file name). */
export function parseScenarioWith(yaml: YamlModule, text: string, file: string): Scenario {
  return validateScenario(parseDataTextWith(yaml, text, file), file)
}
