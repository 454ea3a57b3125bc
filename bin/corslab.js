#!/usr/bin/env node
// An older Node stops here with the version corslab needs and how to get it (exit 2), before
// anything fails on an API it lacks.
import { nodeVersionProblem } from '../dist/node-check.js'

const problem = nodeVersionProblem(process.versions.node, 'corslab', process.execPath)
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`)
  process.exit(2)
}
// Node's on-disk code cache (Node >= 22.1): later runs skip compiling Fastify's modules and ours.
process.getBuiltinModule('node:module').enableCompileCache?.()
await import('../dist/cli/main.js')
