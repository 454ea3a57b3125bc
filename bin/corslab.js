#!/usr/bin/env node
// Node's on-disk code cache (Node >= 22.1): later runs skip compiling Fastify's modules and ours.
process.getBuiltinModule('node:module').enableCompileCache?.()
await import('../dist/cli/main.js')
