import { readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

// corslab/msw runs in a page beside setupWorker: nothing it reaches may import a Node built-in
// (or the server's Fastify). Walks the import graph from src/msw/index.ts, type-only imports aside.
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8')
  const specifiers: string[] = []
  const statement = /^(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm
  for (const match of source.matchAll(statement)) specifiers.push((match[1] ?? match[2]) as string)
  return specifiers
}

function walk(entry: string): { files: string[], packages: string[] } {
  const files = new Set<string>()
  const packages = new Set<string>()
  const queue = [entry]
  while (queue.length > 0) {
    const file = queue.pop() as string
    if (files.has(file)) continue
    files.add(file)
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.')) queue.push(fileURLToPath(new URL(specifier, `file://${file}`)))
      else packages.add(specifier)
    }
  }
  return { files: [...files], packages: [...packages] }
}

test('nothing src/msw reaches imports a Node built-in or the server framework', () => {
  const { files, packages } = walk(fileURLToPath(new URL('../../src/msw/index.ts', import.meta.url)))
  expect(files.length).toBeGreaterThan(10)
  expect(files.some((f) => f.endsWith('/src/engine/simulate.ts'))).toBe(true)
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)])
  expect(packages.filter((p) => builtins.has(p) || p.startsWith('node:'))).toEqual([])
  expect(packages.filter((p) => /fastify/.test(p))).toEqual([])
  expect(packages).toContain('msw')
})
