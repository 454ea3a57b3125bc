/** The stable codes of CorslabError. */
export type CorslabErrorCode =
  | 'E_INVALID_URL'
  | 'E_INVALID_ORIGIN'
  | 'E_INVALID_OPTION'
  | 'E_INVALID_METHOD'
  | 'E_FORBIDDEN_METHOD'
  | 'E_INVALID_HEADER'
  | 'E_INVALID_EXCHANGE'
  | 'E_SCENARIO_NOT_FOUND'
  | 'E_SCENARIO_INVALID'
  | 'E_ROUTES_INVALID'
  | 'E_PORT_IN_USE'
  | 'E_USAGE'
  | 'E_NETWORK'

/**
 * The one error class corslab throws. A CORS failure is never an error: it is a returned verdict.
 * `code` is stable; match on it, not on the message.
 *
 * @example
 * try {
 *   simulate({ request: { url: '/relative', origin: 'http://localhost:5173' }, response: { status: 200 } })
 * } catch (error) {
 *   if (error instanceof CorslabError && error.code === 'E_INVALID_URL') console.log(error.message)
 * }
 */
export class CorslabError extends Error {
  readonly code: CorslabErrorCode

  constructor(code: CorslabErrorCode, message: string, options?: { cause?: unknown }) {
    super(message.startsWith('[corslab]') ? message : `[corslab] ${message}`, options)
    this.name = 'CorslabError'
    this.code = code
  }
}

/**
 * Whether `value` is a CorslabError (with `code`, when given).
 *
 * @example
 * try { getScenario('nope') } catch (error) { if (isCorslabError(error, 'E_SCENARIO_NOT_FOUND')) console.log(error.message) }
 */
export function isCorslabError(value: unknown, code?: CorslabErrorCode): value is CorslabError {
  return value instanceof CorslabError && (code === undefined || value.code === code)
}
