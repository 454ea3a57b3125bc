// corslab: the engine (simulate and its pieces), the scenario catalog and its validation, and the
// errors. Browser-safe; the server, the MSW handlers and the Playwright fixture have their own entries.
export * from './engine/index.ts'
export { CorslabError, isCorslabError, type CorslabErrorCode } from './errors.ts'
export * from './scenarios/index.ts'
export { simulateProbe, type ProbeAnswer, type ProbeOptions, type ProbeResult } from './shared/probe.ts'
