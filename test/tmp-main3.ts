import { run } from '../src/cli/run.ts'
const controller = new AbortController()
const stamp = (what: string) => process.stderr.write(`T ${what} ${Date.now()}\n`)
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { stamp('signal'); controller.abort() })
process.on('exit', () => stamp('exit'))
const code = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  signal: controller.signal,
})
stamp('returned')
if (process.env.HARD) process.exit(code)
process.exitCode = code
