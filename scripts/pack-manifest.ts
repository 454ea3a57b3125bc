// npm pack and npm publish (prepack, postpack): the package users install declares no install-time
// script. A clone builds itself on `npm install` through `prepare`; npm 11 would list that script
// among those awaiting approval in every app that installs the tarball, and it would point at files
// the package does not ship. So packing takes it out of the package.json that goes into the tarball
// (npm reads package.json from disk again after prepack) and puts it back afterwards.
// Usage: node scripts/pack-manifest.ts clean | strip | restore
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const manifest = fileURLToPath(new URL('../package.json', import.meta.url))
const backup = fileURLToPath(new URL('../.package.json.prepack', import.meta.url))
const dist = fileURLToPath(new URL('../dist/', import.meta.url))

/** Scripts npm may run when the package is installed; none of them goes into the tarball. */
export const installScripts = ['preinstall', 'install', 'postinstall', 'prepare', 'preprepare', 'postprepare'] as const

export function packedManifest(text: string): string {
  const json = JSON.parse(text) as { scripts?: Record<string, string> }
  for (const name of installScripts) delete json.scripts?.[name]
  return `${JSON.stringify(json, null, 2)}\n`
}

// A pack that stopped between strip and restore left the stripped file: put the real one back first.
function restore(): void {
  if (existsSync(backup)) renameSync(backup, manifest)
}

function main(mode: string | undefined): number {
  switch (mode) {
    case 'clean':
      // Built from scratch: nothing left in dist/ from a source file that is gone.
      restore()
      rmSync(dist, { recursive: true, force: true })
      return 0
    case 'strip': {
      restore()
      const text = readFileSync(manifest, 'utf8')
      writeFileSync(backup, text)
      writeFileSync(manifest, packedManifest(text))
      return 0
    }
    case 'restore':
      restore()
      return 0
    default:
      process.stderr.write('usage: node scripts/pack-manifest.ts clean | strip | restore\n')
      return 2
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv[2])
