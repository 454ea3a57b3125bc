// `import ... from 'node:http'` builds an ES module facade that reads every export of node:http,
// and its lazy WebSocket getters load all of undici: ~40 ms of `corslab serve` start-up.
// getBuiltinModule hands over the module itself.
export const { createServer } = process.getBuiltinModule('node:http')
