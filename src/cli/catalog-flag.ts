import { catalog, mergeCatalog } from '../scenarios/catalog.ts'
import type { Scenario } from '../scenarios/types.ts'
import { loadScenarioDir } from '../server/load-scenario-dir.ts'

/** The built-in catalog, plus the files of `--scenarios DIR` when given. */
export function catalogWith(dir: string | undefined): readonly Scenario[] {
  return dir === undefined ? catalog : mergeCatalog(loadScenarioDir(dir))
}
