// corslab runs on Node.js >= 22.12 (msw 3 and vitest 5 need it too; package.json `engines`). On an
// older Node the failures come later and say nothing of the version (msw 3 on Node 20:
// `currentHandlers.intersection is not a function`), so the CLI and the Node-side entry points
// check first. Dependency-free, so that it runs before anything that would fail.

export const minimumNode = '22.12'

/** What to tell a user of Node `version` (process.versions.node), or undefined when it is recent enough. */
export function nodeVersionProblem(version: string, who: string, execPath = ''): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  if (major > 22 || (major === 22 && minor >= 12)) return undefined
  const where = execPath === '' ? '' : ` (${execPath})`
  return `${who} needs Node.js ${minimumNode} or later; this is Node.js ${version}${where}.\n`
    + 'Install a newer one (with nvm: nvm install 24), or add it to your project: npm install --save-dev node@24,\n'
    + 'then run corslab, Vitest and Playwright through npx or an npm script: both put node_modules/.bin, and so that node, first on PATH.'
}

/** Throws, for a Node-side entry point imported under an older Node; does nothing in a browser. */
export function assertNodeVersion(who: string): void {
  const runtime = (globalThis as { process?: { versions?: { node?: string }, execPath?: string } }).process
  const version = runtime?.versions?.node
  if (typeof version !== 'string') return
  const problem = nodeVersionProblem(version, who, runtime?.execPath)
  if (problem !== undefined) throw new Error(`[corslab] ${problem}`)
}
