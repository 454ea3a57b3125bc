/**
 * The one error class corslab throws. A CORS failure is never an error: it is a returned verdict.
 * `code` is stable; match on it, not on the message.
 */
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

export class CorslabError extends Error {
  readonly code: CorslabErrorCode

  constructor(code: CorslabErrorCode, message: string, options?: { cause?: unknown }) {
    super(message.startsWith('[corslab]') ? message : `[corslab] ${message}`, options)
    this.name = 'CorslabError'
    this.code = code
  }
}

export function isCorslabError(value: unknown, code?: CorslabErrorCode): value is CorslabError {
  return value instanceof CorslabError && (code === undefined || value.code === code)
}
