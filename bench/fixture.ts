// The Playwright fixture's cost per test: a test that uses `corslab` against the same test without
// it, in one Playwright run, one worker, the tests taking turns. Each test opens a page and runs one
// evaluate, so the page's own cost is in both and the difference is the fixture's (its session,
// journal reads and request log; the worker's server starts once and is left out by the median).
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median } from './side-by-side.ts'

const repo = fileURLToPath(new URL('..', import.meta.url))

export interface FixtureVariant {
  /** A label for the report, such as `this tree` or `main`. */
  label: string
  /** The corslab checkout whose src/playwright the tests use. */
  root: string
}

export interface FixtureBenchResult {
  label: string
  tests: number
  /** Median duration of a test with the corslab fixture, in ms (fixture set-up and teardown included). */
  corslabMs: number
  /** Median duration of the same test without it, in the same run. */
  plainMs: number
  /** corslabMs - plainMs. */
  costMs: number
  /** Median time in the `corslab` fixture's own set-up and teardown steps: the same cost, measured inside the test. */
  fixtureMs: number
}


// The plain test comes from the same test type as the corslab one: Playwright runs a file's tests
// grouped by their worker fixtures, so a test from another type would run as a block of its own, at
// another moment of the machine's load, and the two would not take turns.
function specText(variants: FixtureVariant[], tests: number): string {
  const imports = variants.map((v, i) => `import { test as corslab${i} } from ${JSON.stringify(join(v.root, 'src/playwright/index.ts'))}`)
  const body = variants.flatMap((_, i) => [
    `  corslab${i}(\`plain${i} \${i}\`, async ({ page }) => {\n    await page.evaluate(() => 1)\n  })`,
    `  corslab${i}(\`corslab${i} \${i}\`, async ({ page, corslab }) => {\n    await page.evaluate(() => 1)\n    if (!corslab.url.includes('/@')) throw new Error('no session URL')\n  })`,
  ])
  return [...imports, '', `for (let i = 0; i < ${tests}; i++) {`, ...body, '}', ''].join('\n')
}

const configText = `import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from ${JSON.stringify(join(repo, 'test/e2e/support/browsers.ts'))}

export default defineConfig({
  testDir: '.',
  testMatch: 'fixture.bench.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['./timing-reporter.ts']],
  use: { browserName: 'chromium', launchOptions: chromiumLaunchOptions() },
})
`

// Per test: its duration, and the time spent in the `corslab` fixture's own steps (set-up and
// teardown), which Playwright reports to a reporter as fixture steps.
const reporterText = `import { writeFileSync } from 'node:fs'
export default class TimingReporter {
  rows = []
  onStepEnd(test, _result, step) {
    if (step.category === 'fixture' && step.title === 'Fixture "corslab"') test.corslabMs = (test.corslabMs ?? 0) + step.duration
  }
  onTestEnd(test, result) {
    this.rows.push({ title: test.title, status: result.status, duration: result.duration, fixture: test.corslabMs ?? 0 })
  }
  onStdErr(chunk) {
    process.stderr.write(chunk)
  }
  onError(error) {
    process.stderr.write(String(error.stack ?? error.message) + '\\n')
  }
  onEnd() {
    writeFileSync('results.json', JSON.stringify(this.rows))
  }
}
`

interface Row {
  title: string
  status: string
  duration: number
  fixture: number
}

/** Runs the plain test and each variant's corslab test `tests` times each, taking turns, in one worker. */
export async function benchFixture(variants: FixtureVariant[], tests = Number(process.env.FIXTURE_TESTS ?? 40)): Promise<FixtureBenchResult[]> {
  // Inside the repository, so that the config and spec resolve @playwright/test from its node_modules
  // (and not under node_modules/, where Node refuses to strip types).
  const dir = join(repo, 'bench', `.fixture-${process.pid}`)
  mkdirSync(dir, { recursive: true })
  try {
    writeFileSync(join(dir, 'playwright.config.ts'), configText)
    writeFileSync(join(dir, 'fixture.bench.ts'), specText(variants, tests))
    writeFileSync(join(dir, 'timing-reporter.ts'), reporterText)
    const code = await new Promise<number | null>((resolve, reject) => {
      // This Node (the project's 24), not whatever \`node\` the CLI's shebang finds on PATH.
      const child = spawn(process.execPath, [join(repo, 'node_modules/@playwright/test/cli.js'), 'test', '--config', join(dir, 'playwright.config.ts')], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] })
      child.on('error', reject)
      child.on('exit', resolve)
    })
    if (code !== 0) throw new Error(`fixture bench: playwright test exited ${code}`)
    const rows = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Row[]
    const failed = rows.filter((r) => r.status !== 'passed')
    if (failed.length > 0) throw new Error(`fixture bench: ${failed.map((r) => `${r.title} ${r.status}`).join(', ')}`)
    const of = (kind: string) => rows.filter((r) => r.title.split(' ')[0] === kind)
    return variants.map((variant, i) => {
      const mine = of(`corslab${i}`)
      const corslabMs = median(mine.map((r) => r.duration))
      const plainMs = median(of(`plain${i}`).map((r) => r.duration))
      return { label: variant.label, tests: mine.length, corslabMs, plainMs, costMs: corslabMs - plainMs, fixtureMs: median(mine.map((r) => r.fixture)) }
    })
  } finally {
    if (process.env.FIXTURE_KEEP === undefined) rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const roots = process.argv.slice(2)
  const variants = roots.length === 0 ? [{ label: 'this tree', root: repo }] : roots.map((root) => ({ label: root, root }))
  for (const r of await benchFixture(variants)) {
    console.log(`${r.label.padEnd(30)} with corslab ${r.corslabMs.toFixed(1)} ms, without ${r.plainMs.toFixed(1)} ms: ${r.costMs.toFixed(1)} ms per test; in the fixture's steps ${r.fixtureMs.toFixed(1)} ms (${r.tests} tests)`)
  }
}
