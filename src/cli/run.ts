import { readFileSync } from 'node:fs'
import { isCorslabError } from '../errors.ts'
import type { CliIo } from './io.ts'
import { mainUsage } from './usage.ts'

export type { CliIo } from './io.ts'

function version(): string {
  try {
    // src/cli and dist/cli both sit two levels below package.json.
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

/**
 * Runs the corslab CLI in process: `argv` without node and the script. Resolves to the exit code
 * (0 ok, 1 blocked, 2 usage or input error). `serve` resolves once `io.signal` aborts.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case undefined:
        io.stderr(mainUsage)
        return 2
      case '-h':
      case '--help':
      case 'help':
        io.stdout(mainUsage)
        return 0
      case '-v':
      case '--version':
        io.stdout(`${version()}\n`)
        return 0
      case 'serve':
        return await (await import('./commands/serve.ts')).serve(rest, io)
      case 'list':
        return (await import('./commands/list.ts')).list(rest, io)
      case 'explain':
        return (await import('./commands/explain.ts')).explain(rest, io)
      case 'check':
        return await (await import('./commands/check.ts')).check(rest, io)
      case 'audit':
        return await (await import('./commands/audit.ts')).audit(rest, io)
      case 'stacks':
        return (await import('./commands/stacks.ts')).stacks(rest, io)
      default:
        io.stderr(command.startsWith('-')
          ? `corslab: unknown flag ${command}. Run corslab --help.\n`
          : `corslab: unknown command ${JSON.stringify(command)}. The commands are serve, list, explain, check, audit and stacks; run corslab --help.\n`)
        return 2
    }
  } catch (error) {
    if (!isCorslabError(error)) throw error
    const message = error.message.replace(/^\[corslab\] /, '')
    io.stderr(`${message.startsWith('corslab') ? message : `corslab: ${message}`}\n`)
    return 2
  }
}
