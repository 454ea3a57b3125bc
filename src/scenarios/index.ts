// The scenarios' public part (the `corslab` entry re-exports it): the catalog, validation, the
// server's answer under a scenario, and the types of a scenario file. Browser-safe: nothing here or
// below reaches a Node built-in (a test walks the import graph); reading files is the server's.
export type {
  CorsOptions,
  Expectation,
  Fault,
  FaultWhen,
  Policy,
  Probe,
  RouteAnswer,
  Scenario,
  ScenarioAnswer,
  ScenarioRequest,
  StatusPattern,
} from './types.ts'
export { answer } from './answer.ts'
export { catalog, getScenario } from './catalog.ts'
export { parseScenario } from './parse.ts'
export { scenarioIssues, validateScenario, type ScenarioIssue } from './validate.ts'
