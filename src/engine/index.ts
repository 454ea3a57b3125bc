export * from './types.ts'
export { simulate } from './simulate.ts'
export { simulateSteps, type SimulationSteps, type StepOptions } from './steps.ts'
export {
  classifyRequest,
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedMethod,
  isCorsSafelistedRequestHeader,
  isForbiddenRequestHeader,
  isNoCorsSafelistedRequestHeader,
  normalizeMethod,
  type ClassifiedRequest,
} from './request.ts'
export {
  preflightCheck,
  preflightHeaders,
  preflightMaxAge,
  parseAllowList,
  isPreflightFailure,
  type PreflightFailure,
  type PreflightInput,
  type PreflightSuccess,
} from './preflight.ts'
export { corsCheck, type CorsCheckFailure, type CorsCheckInput } from './cors-check.ts'
export { exposedHeaderNames, type ResponseTainting } from './exposed-headers.ts'
export { createPreflightCache, type PreflightCache, type PreflightCacheKey } from './preflight-cache.ts'
export { consoleMessage, type Failure } from './messages.ts'
export { profiles, type BrowserProfile } from './profiles.ts'
export { suggestFix, type Fix } from './fix.ts'
export { parseUrl, type UrlParts } from './url.ts'
export { addressSpaceOfHost } from './address-space.ts'
