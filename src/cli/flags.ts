import { isToken } from '../engine/fetch-terms.ts'
import { CorslabError } from '../errors.ts'
import { getStack, type Stack } from '../stacks/index.ts'

// The flags several commands take, read and refused in one way: each error names the command and
// the flag, says what to give instead, and points at the command's --help.

/** A usage error of `corslab COMMAND` (exit 2), ending with the way to its --help. */
export function usageError(command: string, message: string): CorslabError {
  return new CorslabError('E_USAGE', `corslab ${command}: ${message} Run corslab ${command} --help.`)
}

/** The URL argument of check and audit: an http: or https: URL, or a usage error showing `example`. */
export function urlArgument(command: string, value: string | undefined, example: string): string {
  if (value === undefined) throw usageError(command, `give the URL to ${command}, e.g. ${example}.`)
  const url = URL.parse(value)
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw usageError(command, `${JSON.stringify(value)} is not an http:// or https:// URL.`)
  return url.href
}

/** `--header 'Name: value'`, as curl takes it. */
export function headerFlag(command: string, flag: string): [string, string] {
  const colon = flag.indexOf(':')
  const name = colon > 0 ? flag.slice(0, colon).trim() : ''
  if (!isToken(name)) throw usageError(command, `--header ${JSON.stringify(flag)} is not 'Name: value' (a header name, a colon, then the value).`)
  return [name, flag.slice(colon + 1).trim()]
}

/** `--method M`: a token (what fetch() itself refuses is for the caller to say). */
export function methodFlag(command: string, value: string | undefined): string {
  const method = value ?? 'GET'
  if (!isToken(method)) throw usageError(command, `--method ${JSON.stringify(method)} is not an HTTP method.`)
  return method
}

/** A flag that takes a positive number (`--timeout MS`, `--rate N`); `what` says what it counts. */
export function positiveFlag(command: string, flag: string, value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw usageError(command, `--${flag} ${JSON.stringify(value)} is not ${what}.`)
  return n
}

/** `--timeout MS`, per request: 10 s unless given. */
export function timeoutFlag(command: string, value: string | undefined): number {
  return positiveFlag(command, 'timeout', value, 'a positive number of milliseconds') ?? 10_000
}

/** `--stack ID`: a stack id or alias, checked before anything is sent; null without the flag. */
export function stackFlag(command: string, value: string | undefined): Stack | null {
  if (value === undefined) return null
  try {
    return getStack(value)
  } catch (error) {
    throw new CorslabError('E_USAGE', `corslab ${command}: --stack: ${(error as Error).message.replace(/^\[corslab\] /, '')}`)
  }
}
