export * from './engine/index.ts'
export { CorslabError, isCorslabError, type CorslabErrorCode } from './errors.ts'
export * from './scenarios/index.ts'
