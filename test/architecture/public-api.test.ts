import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { profiles } from '../../src/engine/profiles.ts'

/*
 * What each package entry exports, so that a change to it is a decision (and a CHANGELOG line), and
 * that every exported value has a doc comment with an example.
 */

const root = fileURLToPath(new URL('../../', import.meta.url))
const src = join(root, 'src')

const expected: Record<string, string[]> = {
  '.': [
    'CorslabError', 'answer', 'browsers', 'catalog', 'classifyRequest', 'consoleMessage', 'corsCheck', 'corsUnsafeRequestHeaderNames',
    'createPreflightCache', 'exposedHeaderNames', 'getScenario', 'isCorsSafelistedRequestHeader', 'isCorslabError', 'isForbiddenRequestHeader',
    'parseScenario', 'preflightCheck', 'preflightHeaders', 'reasonIds', 'scenarioIssues', 'simulate', 'simulateProbe', 'simulateSteps', 'addressSpaceOfHost', 'addressSpaces', 'suggestFix', 'validateScenario',
  ],
  './server': ['createServer', 'loadScenarioDir', 'startServer'],
  './msw': ['Journal', 'corsHandlers'],
  './playwright': ['corsMatchers', 'defineCorsFixture', 'expect', 'test'],
}

const entries: Record<string, string> = { '.': 'index.ts', './server': 'server/index.ts', './msw': 'msw/index.ts', './playwright': 'playwright/index.ts' }

// The value names an entry file exports, following `export *` (type-only exports left out).
function valueExports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const names: string[] = []
  for (const match of text.matchAll(/^export\s+\*\s+from\s+'([^']+)'/gm)) names.push(...valueExports(join(file, '..', match[1] as string)))
  for (const match of text.matchAll(/^export\s+\{([^}]*)\}\s+from\s+'[^']+'/gm)) {
    for (const item of (match[1] as string).split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!item.startsWith('type ')) names.push(item.split(/\s+as\s+/).pop() as string)
    }
  }
  for (const match of text.matchAll(/^export\s+(?:async\s+)?(?:function|const|class)\s+(\w+)/gm)) names.push(match[1] as string)
  return names
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
}

test.each(Object.keys(expected))('the %s entry exports exactly its public values', async (entry) => {
  const file = join(src, entries[entry] as string)
  expect(valueExports(file).sort()).toEqual([...(expected[entry] as string[])].sort())
  if (entry !== './playwright') expect(Object.keys(await import(file)).sort()).toEqual([...(expected[entry] as string[])].sort())
})

test('every exported value has a doc comment with an example', () => {
  const files = sourceFiles(src).filter((f) => !f.endsWith('.generated.ts'))
  const missing: string[] = []
  for (const name of new Set(Object.values(expected).flat())) {
    const declaration = new RegExp(`^export\\s+(?:async\\s+)?(?:function|const|class)\\s+${name}\\b`, 'm')
    const file = files.find((f) => declaration.test(readFileSync(f, 'utf8')))
    if (file === undefined) {
      missing.push(`${name}: declaration not found`)
      continue
    }
    const text = readFileSync(file, 'utf8')
    const before = text.slice(0, text.search(declaration))
    const doc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*$/.exec(before)?.[1]
    if (doc === undefined || !doc.includes('@example')) missing.push(`${name} (${file.slice(src.length + 1)})`)
  }
  expect(missing).toEqual([])
})

test("no exported type shadows the DOM's RequestInit or HeadersInit", () => {
  const shadowing = sourceFiles(src).filter((f) => /\bexport\s+(?:type|interface)\s+(RequestInit|HeadersInit)\b/.test(readFileSync(f, 'utf8')))
  expect(shadowing).toEqual([])
})

test('the browser profiles are read-only', () => {
  expect(Object.isFrozen(profiles)).toBe(true)
  expect(Object.isFrozen(profiles.chromium)).toBe(true)
  expect(Object.isFrozen(profiles.firefox.localNetworkAccess)).toBe(true)
  expect(Object.isFrozen(profiles.webkit.preflightOrder)).toBe(true)
})

test('corslab/server adds nothing to the types of every Fastify app (no global augmentation)', () => {
  const augmenting = sourceFiles(src).filter((f) => /declare\s+(module|global)\b/.test(readFileSync(f, 'utf8')))
  expect(augmenting).toEqual([])
})

test('the package declares no side effects, so bundlers can drop what a page does not use', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { sideEffects?: unknown }
  expect(pkg.sideEffects).toBe(false)
})
