import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/e2e/**', 'examples/**'],
    testTimeout: 20_000,
    hookTimeout: 180_000,
    // Browser suites share two cores; running files one at a time keeps them from starving each other.
    fileParallelism: false,
  },
})
