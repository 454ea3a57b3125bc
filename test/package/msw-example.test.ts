// @vitest-environment jsdom
// Runs the Vitest + MSW example (examples/vitest-msw/items-panel.test.ts) in the root test run: the
// root config collects test/** only, and the example stays a user's test file, importing
// `corslab/msw` from the built package. The environment comment above is the example's own.
import '../../examples/vitest-msw/items-panel.test.ts'
