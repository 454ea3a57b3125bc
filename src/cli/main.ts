// The `corslab` binary (bin/corslab.js imports the built copy of this file).
import { run } from './run.ts'

// A closed pipe (corslab list | head) ends the output, not the process with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
  })
}

// Ctrl-C (SIGINT) or SIGTERM stops `serve`: it closes the server, letting requests in flight finish.
// A second one does not wait for them.
const controller = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(130)
    controller.abort()
  })
}

const code = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  signal: controller.signal,
})
// Once the server is closed there is nothing left to do: exiting now skips tearing the runtime down
// piece by piece (tens of ms). A command that ended by itself exits as usual, so piped output is flushed.
if (controller.signal.aborted) process.exit(code)
process.exitCode = code
