// Node-only. The yaml package is 72 modules, ~45 ms of `corslab serve` start-up; a server without
// scenario or routes files never needs it, so it is required on first use.
import type { YamlModule } from '../scenarios/data-text.ts'

let loaded: YamlModule | undefined

export function nodeYaml(): YamlModule {
  loaded ??= process.getBuiltinModule('node:module').createRequire(import.meta.url)('yaml') as YamlModule
  return loaded
}
