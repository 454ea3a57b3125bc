import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'

// The suites, by what they need. `npm run test:unit` runs `unit` alone: no browser, no built package,
// no process but corslab's own. `npm test` runs every project (after the build). A browser suite
// is a project of its own; browsers are installed by `npm test`'s pretest step, never by a test.
const browserSuite = (name: string, include: string[], options: { maxConcurrency?: number } = {}): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name,
    include,
    // Browser suites share two cores; running files one at a time keeps them from starving each other.
    fileParallelism: false,
    hookTimeout: 180_000,
    ...options,
  },
})

// The engine against the three browsers, live; their recordings are replayed in `unit`.
const liveGroundTruth = ['test/ground-truth/engine-vs-browsers.test.ts']

// What runs the built package: dist/ and bin/corslab.js (which `npm test` builds first), the tarball.
const packageSuites = ['test/package/**/*.test.ts', 'test/cli/shutdown.test.ts', 'test/cli/node-version.test.ts']

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', 'test/e2e/**', 'examples/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Two files at a time across the projects (Vitest's default on two cores is one): the browser
    // suites mostly wait on browsers and sockets, so a second file overlaps them at little CPU cost.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          // One module graph per worker instead of one per file: loading corslab, Fastify and MSW
          // again for each of forty files was most of the suite's CPU time. Every file still passes alone.
          isolate: false,
          // Most of this suite waits on sockets and timers (slow-preflight alone waits 3 s a case):
          // two files at a time, whatever Vitest's default (one fewer than the cores: 1 here).
          maxWorkers: 2,
          exclude: [
            '**/node_modules/**',
            'test/e2e/**',
            'examples/**',
            // Their own projects, below.
            ...packageSuites,
            'test/reliability/engine-fuzz.test.ts',
            'test/reliability/parallel-isolation.test.ts',
            'test/reliability/reload-under-load.test.ts',
            'test/audit/catalog.test.ts',
            'test/browser/**',
            // The recordings' replay (test/ground-truth/recordings.test.ts) stays here: no browser.
            ...liveGroundTruth,
            'test/msw/browser-parity.test.ts',
            'test/check/check.test.ts',
            'test/stacks/**',
            'test/audit/real/**',
          ],
        },
      },
      // What needs the built package (dist/, bin/corslab.js, the `corslab/msw` self-reference).
      // One file at a time: the tarball test rebuilds dist/, which the others run.
      { extends: true, test: { name: 'package', include: packageSuites, fileParallelism: false } },
      // Long runs: random exchanges through the engine, the server under load (10,000 requests from
      // eight clients; scenario switches and file edits under load), and corslab audit against every
      // scenario (slow-preflight's three-second preflight, once per request the audit sends: 70 s).
      {
        extends: true,
        test: {
          name: 'stress',
          include: ['test/reliability/engine-fuzz.test.ts', 'test/reliability/parallel-isolation.test.ts', 'test/reliability/reload-under-load.test.ts', 'test/audit/catalog.test.ts'],
        },
      },
      browserSuite('browser-scenarios', ['test/browser/**/*.test.ts']),
      browserSuite('browser-msw', ['test/msw/browser-parity.test.ts']),
      browserSuite('browser-check', ['test/check/check.test.ts']),
      // Two cases in flight per browser at most: one running, one waiting its turn.
      browserSuite('browser-ground-truth', liveGroundTruth, { maxConcurrency: 6 }),
      // Real apps of each stack (Flask, nginx, Rails, ...) as outside processes, and Chromium.
      browserSuite('browser-stacks', ['test/stacks/**/*.test.ts']),
      // corslab audit against real servers (Express, Flask, nginx) and an attacker's page in Chromium.
      browserSuite('browser-audit', ['test/audit/real/**/*.test.ts']),
    ],
  },
})
