// Day one, as a new user has it: the package packed as it would be published, installed from the
// tarball into a fresh app (Node 24 from the `node` package, everything else from the registry),
// then the README's quick start, its Playwright test and its Vitest + MSW test, with the code taken
// from README.md itself. Starts outside processes and installs packages, so it lives on its own.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { nodeVersionProblem } from '../../src/node-check.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))
const readme = readFileSync(join(root, 'README.md'), 'utf8')
const systemChromium = process.env['CHROMIUM_BIN'] ?? '/usr/bin/chromium'
const minutes = 60_000

// The app's commands see the machine's PATH, not this repository's node_modules/.bin.
const env: NodeJS.ProcessEnv = { ...process.env, PATH: (process.env['PATH'] ?? '').split(delimiter).filter((d) => !d.startsWith(root)).join(delimiter), CI: '' }
delete env['NODE_OPTIONS']
delete env['VITEST']
delete env['VITEST_WORKER_ID']
delete env['VITEST_POOL_ID']
delete env['npm_config_prefix']

let dir: string
let app: string
let tarball: string

function sh(command: string, args: string[], cwd: string, timeout = 5 * minutes): SpawnSyncReturns<string> {
  const run = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout })
  if (run.error) throw run.error
  return run
}

function ok(run: SpawnSyncReturns<string>, what: string): string {
  expect(run.status, `${what} failed:\n${run.stdout}\n${run.stderr}`).toBe(0)
  return `${run.stdout}${run.stderr}`
}

/** The README's fenced code block that holds `marker`. */
function readmeBlock(marker: string): string {
  // Blocks inside a numbered list are indented by three spaces.
  const blocks = [...readme.matchAll(/^( *)```\w*\n([\s\S]*?)^ *```/gm)].map((m) => (m[2] as string).replace(new RegExp(`^${m[1]}`, 'gm'), ''))
  const found = blocks.filter((b) => b.includes(marker))
  if (found.length !== 1) throw new Error(`README.md has ${found.length} code blocks with ${JSON.stringify(marker)}, expected 1`)
  return found[0] as string
}

// The app under test for the README's Playwright test: a Save button that PUTs to the API the test
// gives it (window.API_BASE), and an alert when the call fails.
const appServer = `import { createServer } from 'node:http'
const port = Number(process.argv[process.argv.indexOf('--port') + 1] || 5173)
const page = \`<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>app</title></head><body>
<button>Save</button><p role="alert" hidden></p>
<script>
document.querySelector('button').addEventListener('click', async () => {
  const alert = document.querySelector('[role=alert]')
  try {
    await fetch(window.API_BASE + '/api/items/1', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":"milk"}' })
    alert.hidden = true
  } catch {
    alert.textContent = 'Cannot reach the server. Check your connection and try again.'
    alert.hidden = false
  }
})
</script></body></html>\`
createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page)).listen(port, 'localhost')
`

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'corslab-day-one-'))
  // As it would be published: prepack builds dist/ afresh and leaves the clone-only `prepare` out.
  const pack = ok(sh('npm', ['pack', '--pack-destination', dir], root), 'npm pack')
  const name = readdirSync(dir).find((f) => f.endsWith('.tgz'))
  expect(name, pack).toBeDefined()
  tarball = join(dir, name as string)

  app = join(dir, 'app')
  mkdirSync(app)
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'day-one-app', private: true, type: 'module', scripts: { dev: 'node app-server.js' } }, null, 2)}\n`)
  // The README's way to Node 24 in the project, then corslab and the test tools from the registry.
  ok(sh('npm', ['install', '--save-dev', 'node@24'], app), 'npm install node@24')
  ok(sh('npm', ['install-scripts', 'approve', 'node'], app), 'npm install-scripts approve node')
  ok(sh('npm', ['install', '--save-dev', tarball, '@playwright/test', 'msw', 'vitest@5'], app, 10 * minutes), 'npm install corslab')
}, 20 * minutes)

afterAll(() => {
  if (dir !== undefined && !process.env['KEEP_DAY_ONE']) rmSync(dir, { recursive: true, force: true })
})

test('the installed package declares no install script, and npm 11 lists none awaiting approval', () => {
  const manifest = JSON.parse(readFileSync(join(app, 'node_modules/corslab/package.json'), 'utf8')) as { scripts?: Record<string, string>, repository?: { url: string } }
  for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(manifest.scripts?.[script]).toBeUndefined()
  expect(manifest.repository?.url).toBe('git+https://github.com/corslab/corslab.git')
  expect(ok(sh('npm', ['install-scripts', 'ls'], app), 'npm install-scripts ls').trim()).toBe('No packages with unreviewed install scripts.')
  // The clone still builds on npm install: only the packed copy lost `prepare`.
  expect((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['prepare']).toBeDefined()
  expect(existsSync(join(root, '.package.json.prepack'))).toBe(false)
}, 2 * minutes)

test('it ships no source map pointing at sources it does not ship, and publint and attw find nothing', () => {
  const files = sh('tar', ['-tzf', tarball], dir).stdout.split('\n')
  expect(files.filter((f) => f.endsWith('.map'))).toEqual([])
  expect(files.some((f) => f.startsWith('package/src/'))).toBe(false)
  const linkedMaps = readdirSync(join(app, 'node_modules/corslab/dist'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js') && readFileSync(join(app, 'node_modules/corslab/dist', f), 'utf8').includes('sourceMappingURL'))
  expect(linkedMaps).toEqual([])
  const bin = join(root, 'node_modules/.bin')
  const tools = { ...env, PATH: `${bin}${delimiter}${env['PATH']}` }
  const publint = spawnSync(join(bin, 'publint'), ['run', tarball, '--strict'], { env: tools, encoding: 'utf8' })
  expect(publint.status, publint.stdout + publint.stderr).toBe(0)
  expect(publint.stdout).toContain('All good!')
  // ESM only (Node >= 22.12 can require() it): the CommonJS-only resolutions do not apply.
  const attw = spawnSync(join(bin, 'attw'), [tarball, '--profile', 'esm-only', '--format', 'json'], { env: tools, encoding: 'utf8' })
  expect(attw.status, attw.stdout + attw.stderr).toBe(0)
}, 3 * minutes)

test('the README on the registry links only to absolute URLs', () => {
  const packed = readFileSync(join(app, 'node_modules/corslab/README.md'), 'utf8')
  const targets = [...packed.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string)
  expect(targets.length).toBeGreaterThan(30)
  // In-page anchors work on the registry's page too.
  expect(targets.filter((t) => !/^(https:\/\/|#)/.test(t))).toEqual([])
  expect(packed).toContain('](https://raw.githubusercontent.com/corslab/corslab/main/docs/dashboard.png)')
})

test('quick start: npx corslab serve prints the ready line and the dashboard, which loads; Ctrl-C exits 0', async () => {
  // --port 0: other suites on this machine may hold 4010. The lines are the README's otherwise.
  // In a group of its own: Ctrl-C in a terminal signals the whole group (npm exec, sh, node).
  const child = spawn('npx', ['corslab', 'serve', '--port', '0'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c))
  child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c))
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    const check = () => /\ndashboard: /.test(out) && resolve()
    child.stdout.on('data', check)
    void exit.then(() => reject(new Error(`npx corslab serve exited:\n${out}`)))
  })
  const [ready, dashboard] = out.split('\n')
  expect(ready).toMatch(/^corslab listening on http:\/\/127\.0\.0\.1:\d+ \(scenario: allow-all\)$/)
  expect(dashboard).toMatch(/^dashboard: http:\/\/127\.0\.0\.1:\d+\/ \(a page on another origin: switch scenarios and run each probe in your browser\)$/)
  const page = await fetch(/dashboard: (\S+)/.exec(out)?.[1] as string)
  expect(page.status).toBe(200)
  expect(await page.text()).toContain('<title>corslab dashboard</title>')
  process.kill(-(child.pid as number), 'SIGINT')
  // npm exec ends with the signal's exit; corslab's own exit code is checked in test/cli/shutdown.test.ts.
  expect(await exit).not.toBeUndefined()
  await expect.poll(() => spawnSync('pgrep', ['-g', String(child.pid)]).status, { timeout: 10_000 }).toBe(1)
}, 2 * minutes)

test('the CLI of the installed package: list shows each probe, a mistyped name gets a suggestion', () => {
  const list = ok(sh('npx', ['corslab', 'list'], app), 'npx corslab list')
  expect(list).toContain('POST /api/items (headers content-type, x-request-id) -> blocked, at preflight (header-not-allowed)')
  const typo = sh('npx', ['corslab', 'explain', 'wildcard-credentials'], app)
  expect(typo.status).toBe(2)
  expect(typo.stderr).toContain('Did you mean "wildcard-with-credentials"?')
}, 2 * minutes)

const oldNode = '/usr/bin/node'
const oldVersion = existsSync(oldNode) ? spawnSync(oldNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim() : ''
const hasOldNode = oldVersion !== '' && nodeVersionProblem(oldVersion, 'x') !== undefined
if (!hasOldNode) console.log(`[skip] no Node older than 22.12 at ${oldNode}: the installed CLI's Node check is not run here`)

test.runIf(hasOldNode)('on the machine\'s older Node, the installed CLI says which Node it needs and how to get it', () => {
  const run = sh(oldNode, [join(app, 'node_modules/.bin/corslab'), 'serve'], app)
  expect(run.status).toBe(2)
  expect(run.stderr).toContain(`corslab needs Node.js 22.12 or later; this is Node.js ${oldVersion}`)
  expect(run.stderr).toContain('npm install --save-dev node@24')
}, 2 * minutes)

const hasChromium = existsSync(systemChromium)
if (!hasChromium) console.log(`[skip] no Chromium at ${systemChromium}: the README's Playwright test is not run`)

test.runIf(hasChromium)('the README\'s Playwright test passes, with its config and its note on an installed Chromium', () => {
  const note = readmeBlock("executablePath: '/usr/bin/chromium'")
  const launchOptions = /launchOptions: \{[\s\S]*?\n {2}\},/.exec(note)?.[0]
  expect(launchOptions, note).toBeDefined()
  let config = readmeBlock('// playwright.config.ts\nimport { defineConfig }')
  // The note goes into the config's `use`, as it says.
  config = config.replace("use: { baseURL: 'http://localhost:5173' },", `use: { baseURL: 'http://localhost:5173', ${(launchOptions as string).replace(systemChromium, systemChromium)} },`)
  expect(config).toContain('executablePath')
  writeFileSync(join(app, 'playwright.config.ts'), config)
  mkdirSync(join(app, 'tests'), { recursive: true })
  writeFileSync(join(app, 'tests/save.spec.ts'), readmeBlock("test.use({ corsScenario: 'missing-preflight' })"))
  writeFileSync(join(app, 'app-server.js'), appServer)
  const run = sh('npx', ['playwright', 'test', '--reporter=line'], app, 10 * minutes)
  const output = ok(run, 'npx playwright test')
  expect(output).toMatch(/2 passed/)
}, 12 * minutes)

test('the README\'s Vitest + MSW test passes as written', () => {
  writeFileSync(join(app, 'items.test.ts'), readmeBlock('// items.test.ts'))
  const output = stripVTControlCharacters(ok(sh('npx', ['vitest', 'run', 'items.test.ts'], app, 5 * minutes), 'npx vitest run'))
  expect(output).toMatch(/Test Files {2}1 passed \(1\)/)
  expect(output).toMatch(/Tests {2}1 passed \(1\)/)
}, 6 * minutes)
