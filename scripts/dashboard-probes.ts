// Opens the dashboard in a real browser and runs every scenario's probe through its "run it in this
// browser" seam (window.corslab.runProbe), printing what the browser did beside the scenario's
// expectation for that browser. A manual check until the browser suite drives the same seam.
// Usage: node scripts/dashboard-probes.ts [chromium|firefox|webkit] [NAME...]
import { launchChromium } from '../test/support/browsers/chromium.ts'
import { launchFirefox } from '../test/support/browsers/firefox.ts'
import { launchWebKit } from '../test/support/browsers/webkit.ts'
import { startServer } from '../src/server/index.ts'

interface ProbeRun {
  outcome: string
  status?: number
  preflights: number
  hiddenHeaders: string[]
  matches: boolean
}

const launchers = { chromium: launchChromium, firefox: launchFirefox, webkit: launchWebKit }
const [first, ...rest] = process.argv.slice(2)
const browserName = first !== undefined && first in launchers ? (first as keyof typeof launchers) : 'chromium'
const wanted = browserName === first ? rest : process.argv.slice(2)

const server = await startServer({ port: 0 })
const session = await launchers[browserName]()
let differences = 0
try {
  const page = await session.newPage()
  await page.goto(server.pageUrl as string)
  const names = wanted.length > 0 ? wanted : await page.evaluate<string[]>(
    'async () => { while (!window.corslab?.scenarios.length) await new Promise((r) => setTimeout(r, 50)); return window.corslab.scenarios.map((s) => s.name) }', null)
  for (const name of names) {
    const run = await page.evaluate<ProbeRun>('async (name) => window.corslab.runProbe(name)', name)
    if (!run.matches) differences++
    const hidden = run.hiddenHeaders.length > 0 ? `, cannot read ${run.hiddenHeaders.join(', ')}` : ''
    process.stdout.write(`${run.matches ? 'ok  ' : 'DIFF'} ${name.padEnd(42)} ${run.outcome}${run.status === undefined ? '' : ` ${run.status}`}, ${run.preflights} preflight(s)${hidden}\n`)
  }
} finally {
  await session.close()
  await server.close()
}
process.stdout.write(`${browserName}: ${differences === 0 ? 'every probe as expected' : `${differences} probe(s) differ from expect.${browserName}`}\n`)
process.exitCode = differences === 0 ? 0 : 1
