import { mergeCatalog, catalog, type Scenario } from '../scenarios/index.ts'
import { loadScenarioDir } from '../scenarios/load-dir.ts'

/** The built-in catalog, plus the files of `--scenarios DIR` when given. */
export function catalogWith(dir: string | undefined): readonly Scenario[] {
  return dir === undefined ? catalog : mergeCatalog(loadScenarioDir(dir))
}
