import { run } from '../src/cli/run.ts'
const controller = new AbortController()
let t0 = 0
const stamp = (what: string) => process.stderr.write(`T ${what} ${Date.now()}\n`)
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { t0 = performance.now(); stamp('signal'); controller.abort() })
process.on('exit', () => stamp('exit'))
process.exitCode = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  signal: controller.signal,
  onServe: (s) => { const c = s.close; s.close = async () => { stamp('close start'); await c(); stamp('close end') } },
})
stamp('run returned')
setInterval(() => { stamp('handles ' + (process as any)._getActiveHandles().map((h: any) => h.constructor.name).join(',')) }, 50).unref()
