// The engine's public part (the `corslab` entry re-exports it): simulate() and its documented pieces.
export type {
  AddressSpace,
  Answer,
  AnswerRequest,
  AnswerResolver,
  BrowserName,
  Check,
  CredentialsMode,
  Exchange,
  HeaderLines,
  HeaderList,
  Initiator,
  Hop,
  LocalNetworkAccess,
  Outcome,
  PageRequest,
  PreflightRequest,
  ReasonId,
  RedirectMode,
  RequestMode,
  SimulateOptions,
  Stage,
  Verdict,
} from './types.ts'
export { addressSpaces, browsers, reasonIds } from './types.ts'
export { simulate } from './simulate.ts'
export { simulateSteps, type SimulationSteps, type StepOptions } from './steps.ts'
export { classifyRequest, corsUnsafeRequestHeaderNames, isCorsSafelistedRequestHeader, isForbiddenRequestHeader, type ClassifiedRequest } from './request.ts'
export { preflightCheck, preflightHeaders, type PreflightFailure, type PreflightInput, type PreflightSuccess } from './preflight.ts'
export { corsCheck, type CorsCheckFailure, type CorsCheckInput } from './cors-check.ts'
export { exposedHeaderNames, type ResponseTainting } from './exposed-headers.ts'
export { createPreflightCache, type PreflightCache, type PreflightCacheKey } from './preflight-cache.ts'
export { consoleMessage, type Failure } from './messages.ts'
export { suggestFix, type Fix } from './fix.ts'
export { addressSpaceOfHost } from './address-space.ts'
