import { parseArgs, type ParseArgsConfig } from 'node:util'
import { CorslabError } from '../errors.ts'

type Options = NonNullable<ParseArgsConfig['options']>

/**
 * node:util parseArgs, strict, with its errors turned into usage errors that name the flag and
 * point at the command's --help.
 */
export interface ParsedFlags {
  values: Record<string, string | boolean | string[] | undefined> & { help?: boolean }
  positionals: string[]
}

export function parseFlags(command: string, argv: string[], options: Options, positionals = 0): ParsedFlags {
  let parsed: ParsedFlags
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true }) as ParsedFlags
  } catch (error) {
    const message = (error as Error).message
    const code = (error as { code?: string }).code
    const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? ''
    const hint = `Run corslab ${command} --help for its flags.`
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new CorslabError('E_USAGE', `corslab ${command}: unknown flag ${flag}. ${hint}`)
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      if (/argument missing/.test(message)) throw new CorslabError('E_USAGE', `corslab ${command}: ${flag} needs a value. ${hint}`)
      throw new CorslabError('E_USAGE', `corslab ${command}: ${flag} takes no value. ${hint}`)
    }
    throw new CorslabError('E_USAGE', `corslab ${command}: ${message} ${hint}`)
  }
  if (!parsed.values.help && parsed.positionals.length > positionals) {
    const extra = parsed.positionals[positionals]
    throw new CorslabError('E_USAGE', `corslab ${command}: unexpected argument ${JSON.stringify(extra)}. Run corslab ${command} --help.`)
  }
  return parsed
}

/** A string flag's value (parseArgs types every value as string | boolean | string[]). */
export function text(value: string | boolean | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** Every value of a flag that may be given more than once (`multiple: true`), in order. */
export function texts(value: string | boolean | string[] | undefined): string[] {
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : []
}
