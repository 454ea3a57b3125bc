// Another commit of corslab to bench beside this tree, in the same run (`--baseline REF`): its files
// at that commit in a directory of their own, this tree's node_modules, and its dist/ built (the
// start-up figure runs bin/corslab.js). Prepared once per commit and kept in the temp directory.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('..', import.meta.url))

export interface Baseline {
  /** As given (`main`). */
  ref: string
  sha: string
  /** The checkout's root directory. */
  root: string
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${result.error?.message ?? result.stderr}`)
  return result.stdout
}

export function prepareBaseline(ref: string, progress: (line: string) => void = () => {}): Baseline {
  const sha = run('git', ['rev-parse', '--verify', `${ref}^{commit}`], repo).trim()
  const root = join(tmpdir(), `corslab-baseline-${sha.slice(0, 12)}`)
  const ready = join(root, '.corslab-baseline-ready')
  if (existsSync(ready)) return { ref, sha, root }
  progress(`baseline: checking out ${ref} (${sha.slice(0, 12)}) into ${root} and building it`)
  rmSync(root, { recursive: true, force: true })
  mkdirSync(root, { recursive: true })
  const archive = spawnSync('git', ['archive', '--format=tar', sha], { cwd: repo, maxBuffer: 1024 * 1024 * 1024 })
  if (archive.status !== 0) throw new Error(`git archive ${sha} failed: ${archive.stderr.toString()}`)
  const untar = spawnSync('tar', ['-x', '-C', root], { input: archive.stdout })
  if (untar.status !== 0) throw new Error(`tar -x into ${root} failed: ${untar.stderr.toString()}`)
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir')
  run(process.execPath, ['scripts/build-catalog.ts'], root)
  run(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], root)
  writeFileSync(ready, `${sha}\n`)
  return { ref, sha, root }
}
