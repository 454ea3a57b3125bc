// node_modules/.bin/node test/ground-truth/explore.ts BROWSER [--only TEXT]
// Runs the ground-truth cases live and prints where the engine and the browser differ.
import { launch, type BrowserName } from '../support/browsers/index.ts'
import { cases } from './cases.ts'
import { runAndCompare } from './compare.ts'
import { startReplayServer } from './replay-server.ts'

const browser = (process.argv[2] ?? 'chromium') as BrowserName
const onlyAt = process.argv.indexOf('--only')
const only = onlyAt > 0 ? (process.argv[onlyAt + 1] ?? '') : ''
const selected = cases.filter((c) => c.name.includes(only))
const server = await startReplayServer()
const session = await launch(browser)
const page = await session.newPage()
let failed = 0
for (const c of selected) {
  const { differences } = await runAndCompare(page, server, c, browser)
  if (differences.length > 0) {
    failed++
    console.log(`✗ ${c.name}\n  ${differences.join('\n  ')}`)
  }
}
console.log(`${browser}: ${failed} of ${selected.length} cases differ`)
await page.close()
await session.close()
await server.close()
