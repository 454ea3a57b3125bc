// Browser-safe: no node:* imports here or below (loadScenarioDir lives in load-dir.ts).
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
export { answer, isPreflightRequest, prepareAnswer, routeNotFound, type PreparedAnswer } from './answer.ts'
export { catalog, getScenario, mergeCatalog } from './catalog.ts'
export { corsLayer, type CorsLayerResult } from './cors-layer.ts'
export { describeExpectation, describeProbe } from './describe.ts'
export { altOrigin, placeholders } from './faults.ts'
export { parseScenario } from './parse.ts'
export {
  asExpectation,
  defaultApiUrl,
  defaultPageOrigin,
  probeRequest,
  probeResolver,
  simulateProbe,
  type ProbeAnswer,
  type ProbeOptions,
  type ProbeResult,
} from './probe.ts'
export { scenarioIssues, validateScenario, type ScenarioIssue } from './validate.ts'
