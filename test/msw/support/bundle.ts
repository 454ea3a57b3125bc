import { build, type Rolldown } from 'vite'

/**
 * Bundles `entry` for a browser page with Vite (installed with Vitest; nothing is fetched), as one
 * ES module. Fails when anything in it needs a Node built-in: the page must run without them.
 */
export async function bundleForBrowser(entry: string): Promise<string> {
  const nodeImports: string[] = []
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      write: false,
      minify: false,
      lib: { entry, formats: ['es'], fileName: 'page' },
      rolldownOptions: {
        onLog(level, log, handler) {
          if (/node:|externalized for browser compatibility/.test(log.message)) nodeImports.push(log.message)
          else if (level === 'warn') handler(level, log)
        },
      },
    },
  }) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[]
  if (nodeImports.length > 0) throw new Error(`the page bundle needs Node built-ins:\n${nodeImports.join('\n')}`)
  const first = (Array.isArray(output) ? output[0] : output)?.output[0]
  if (first === undefined || first.type !== 'chunk') throw new Error('the page bundle came out empty')
  return first.code
}
