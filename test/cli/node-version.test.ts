// On a Node older than 22.12 the CLI and the Node-side entry points stop at once, naming the Node
// they need and how to get it. Driven with the machine's own older Node where there is one.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { nodeVersionProblem } from '../../src/node-check.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))
const oldNode = process.env['OLD_NODE'] ?? '/usr/bin/node'
const oldVersion = existsSync(oldNode) ? spawnSync(oldNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim() : ''
const usable = oldVersion !== '' && nodeVersionProblem(oldVersion, 'x') !== undefined
const built = existsSync(`${root}dist/node-check.js`)
if (!usable) console.log(`[skip] no Node older than 22.12 at ${oldNode} (found ${oldVersion || 'none'}): set OLD_NODE to one to run the spawned checks`)
if (!built) console.log('[skip] dist/ is missing: npm run build first')

test.each([
  ['20.20.2', true],
  ['22.11.0', true],
  ['18.19.1', true],
  ['22.12.0', false],
  ['22.20.1', false],
  ['24.21.0', false],
  ['26.0.0', false],
])('Node %s is refused: %s', (version, refused) => {
  expect(nodeVersionProblem(version, 'corslab') !== undefined).toBe(refused)
})

test('the message names the Node needed, the one running, and both ways to get a newer one', () => {
  expect(nodeVersionProblem('20.20.2', 'corslab', '/usr/bin/node')).toBe(
    'corslab needs Node.js 22.12 or later; this is Node.js 20.20.2 (/usr/bin/node).\n'
    + 'Install a newer one (with nvm: nvm install 24), or add it to your project: npm install --save-dev node@24,\n'
    + 'then run corslab, Vitest and Playwright through npx or an npm script: both put node_modules/.bin, and so that node, first on PATH.',
  )
})

test.runIf(usable && built)('bin/corslab.js on an older Node exits 2 with that message, before loading anything', () => {
  const run = spawnSync(oldNode, [`${root}bin/corslab.js`, 'serve', '--port', '0'], { cwd: root, encoding: 'utf8', timeout: 20_000 })
  expect(run.status).toBe(2)
  expect(run.stdout).toBe('')
  expect(run.stderr).toBe(`${nodeVersionProblem(oldVersion, 'corslab', oldNode)}\n`)
})

test.runIf(usable && built).each(['corslab/server', 'corslab/msw', 'corslab/playwright'])('importing %s on an older Node throws that message', (entry) => {
  const script = `import(${JSON.stringify(entry)}).then(() => console.log('loaded'), (e) => console.log(e.message))`
  const run = spawnSync(oldNode, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 20_000 })
  expect(run.stdout.trim()).toBe(`[corslab] ${nodeVersionProblem(oldVersion, 'corslab', oldNode)}`)
})
