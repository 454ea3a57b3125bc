import { parse, YAMLError } from 'yaml'
import { CorslabError, type CorslabErrorCode } from '../errors.ts'
import type { Scenario } from './types.ts'
import { validateScenario } from './validate.ts'

/** Parses YAML (or JSON, which is YAML) text; a syntax error names the file, line and column. */
export function parseDataText(text: string, file: string, code: CorslabErrorCode = 'E_SCENARIO_INVALID'): unknown {
  try {
    return parse(text, { prettyErrors: true, uniqueKeys: true, maxAliasCount: 100 })
  } catch (error) {
    if (!(error instanceof YAMLError)) throw error
    const at = error.linePos?.[0]
    const where = at ? `line ${at.line}, column ${at.col}` : 'somewhere'
    const first = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '')
    throw new CorslabError(code, `${file} is not valid YAML or JSON (${where}): ${first}. Fix the syntax there; quote values that start with { or [, such as '{origin}'.`, { cause: error })
  }
}

/** A scenario from the text of its file: parsed, then validated (the name must equal the file name). */
export function parseScenario(text: string, file: string): Scenario {
  return validateScenario(parseDataText(text, file), file)
}
