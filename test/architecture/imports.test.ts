import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

/*
 * Imports flow one way: engine <- scenarios <- shared <- {server, msw} <- {playwright, cli, check,
 * audit, stacks}. A layer imports its own files and the layers below it, never one beside or above
 * it. The engine, the scenarios, the shared layer and the MSW adapter run in a browser too, so they
 * reach no Node built-in by any means: no `node:` import, no require(), no process.getBuiltinModule,
 * no `process` or `Buffer` global. This walks every file of src/.
 */

const src = fileURLToPath(new URL('../../src/', import.meta.url))

// Lower rank: lower layer. Peers share a rank and may not import each other.
const layers: Record<string, { rank: number, browserSafe: boolean }> = {
  // src/errors.ts, src/node-check.ts, src/node-floor.ts: imported by all, importing nothing of corslab's.
  base: { rank: 0, browserSafe: true },
  engine: { rank: 1, browserSafe: true },
  scenarios: { rank: 2, browserSafe: true },
  shared: { rank: 3, browserSafe: true },
  server: { rank: 4, browserSafe: false },
  msw: { rank: 4, browserSafe: true },
  playwright: { rank: 5, browserSafe: false },
  cli: { rank: 5, browserSafe: false },
  check: { rank: 5, browserSafe: false },
  audit: { rank: 5, browserSafe: false },
  stacks: { rank: 5, browserSafe: false },
  // The `corslab` entry (src/index.ts): browser-safe, above what it re-exports.
  entry: { rank: 6, browserSafe: true },
}
// The top layer's members may use each other (the CLI runs check, audit and stacks).
const topRank = 5

// Packages a browser-safe layer may import (anything else is Node-only or a server framework).
const browserPackages = new Set(['yaml', 'msw'])
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)])

function layerOf(file: string): string {
  const rel = relative(src, file)
  if (rel === 'index.ts') return 'entry'
  if (!rel.includes('/')) return 'base'
  return rel.split('/')[0] as string
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

// The code without comments and without the contents of string literals (quotes kept, so import
// specifiers survive: they are read from the original text at the same offsets).
function codeOnly(text: string): string {
  let out = ''
  let i = 0
  const blank = (s: string) => s.replace(/[^\n]/g, ' ')
  while (i < text.length) {
    const c = text[i] as string
    const next = text[i + 1]
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i)
      const stop = end === -1 ? text.length : end
      out += blank(text.slice(i, stop))
      i = stop
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2)
      const stop = end === -1 ? text.length : end + 2
      out += blank(text.slice(i, stop))
      i = stop
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1
      out += c + text.slice(i + 1, j).replace(/[^\n]/g, (ch) => (c === '`' ? ' ' : ch)) + c
      i = j + 1
    } else {
      out += c
      i++
    }
  }
  return out
}

interface Import {
  specifier: string
  typeOnly: boolean
}

function importsOf(file: string): { imports: Import[], code: string } {
  const code = codeOnly(readFileSync(file, 'utf8'))
  const imports: Import[] = []
  const statement = /(?:^|[\n;])\s*(import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*['"]([^'"]+)['"]/g
  for (const match of code.matchAll(statement)) {
    const clause = match[3] ?? ''
    // `import { type A, type B } from` is type-only too.
    const named = /^\{([^}]*)\}$/.exec(clause.trim())?.[1]
    const allTypes = named !== undefined && named.split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '))
    imports.push({ specifier: match[4] as string, typeOnly: match[2] !== undefined || allTypes })
  }
  for (const match of code.matchAll(/(?:^|[\n;])\s*import\s*['"]([^'"]+)['"]/g)) imports.push({ specifier: match[1] as string, typeOnly: false })
  // import('...') as an expression or a type: counted as a runtime import.
  for (const match of code.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) imports.push({ specifier: match[1] as string, typeOnly: false })
  return { imports, code }
}

const files = sourceFiles(src)
const graph = new Map(files.map((file) => [file, importsOf(file)]))

test('every directory of src/ is a known layer', () => {
  const unknown = [...new Set(files.map(layerOf))].filter((layer) => layers[layer] === undefined)
  expect(unknown, `place these in a layer of test/architecture/imports.test.ts: ${unknown.join(', ')}`).toEqual([])
})

test('imports go down the layers only, never across or up', () => {
  const problems: string[] = []
  for (const [file, { imports }] of graph) {
    const from = layerOf(file)
    const own = layers[from]
    if (own === undefined) continue
    for (const { specifier } of imports) {
      if (!specifier.startsWith('.')) continue
      const target = fileURLToPath(new URL(specifier, `file://${file}`))
      const to = layerOf(target)
      const theirs = layers[to]
      if (to === from || theirs === undefined) continue
      const allowed = theirs.rank < own.rank || (own.rank === topRank && theirs.rank === topRank)
      if (!allowed) problems.push(`${relative(src, file)} imports ${relative(src, target)} (${from} may not import ${to})`)
    }
  }
  expect(problems).toEqual([])
})

describe('the browser-safe layers reach no Node built-in by any means', () => {
  const safe = files.filter((file) => layers[layerOf(file)]?.browserSafe)

  test.each(['base', 'engine', 'scenarios', 'shared', 'msw', 'entry'])('%s', (layer) => {
    const problems: string[] = []
    for (const file of safe.filter((f) => layerOf(f) === layer)) {
      const { imports, code } = graph.get(file) as ReturnType<typeof importsOf>
      const where = relative(src, file)
      for (const { specifier } of imports) {
        if (specifier.startsWith('.')) continue
        if (builtins.has(specifier) || specifier.startsWith('node:')) problems.push(`${where} imports ${specifier}`)
        else if (!browserPackages.has(specifier.split('/')[0] as string)) problems.push(`${where} imports the package ${specifier}, which is not known to be browser-safe`)
      }
      for (const [pattern, what] of [[/\brequire\s*\(/, 'require()'], [/\bgetBuiltinModule\b/, 'process.getBuiltinModule'], [/\bprocess\s*\./, 'the process global'], [/\bBuffer\b/, 'the Buffer global']] as const) {
        if (pattern.test(code)) problems.push(`${where} uses ${what}`)
      }
    }
    expect(problems).toEqual([])
  })

  test('what the corslab and corslab/msw entries load stays in the browser-safe layers', () => {
    for (const entry of ['index.ts', 'msw/index.ts']) {
      const seen = new Set<string>()
      const queue = [join(src, entry)]
      while (queue.length > 0) {
        const file = queue.pop() as string
        if (seen.has(file)) continue
        seen.add(file)
        for (const { specifier, typeOnly } of graph.get(file)?.imports ?? []) {
          if (!typeOnly && specifier.startsWith('.')) queue.push(fileURLToPath(new URL(specifier, `file://${file}`)))
        }
      }
      const outside = [...seen].filter((file) => !layers[layerOf(file)]?.browserSafe).map((file) => relative(src, file))
      expect(outside, `${entry} loads Node-only files`).toEqual([])
      expect(seen.size).toBeGreaterThan(10)
    }
  })
})

test('the scanner sees what it must', () => {
  const { imports, code } = importsOf(join(src, 'shared', 'journal-verdict.ts'))
  expect(imports.map((i) => i.specifier)).toContain('../engine/simulate.ts')
  expect(imports.find((i) => i.specifier === '../engine/types.ts')?.typeOnly).toBe(true)
  expect(code).not.toContain('@example')
})
