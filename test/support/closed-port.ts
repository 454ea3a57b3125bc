import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A loopback port nothing listens on: one that was free a moment ago. Not a fixed low port: a
 * suite running beside this one (the ground truth's bad-port sweep) may listen on port 1.
 */
export async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}
