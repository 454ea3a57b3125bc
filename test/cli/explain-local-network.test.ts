import { expect, test } from 'vitest'
import { cli } from './io.ts'

test('corslab explain local-network-access: what changed, what each browser does, how to test and fix it', async () => {
  const res = await cli('explain', 'local-network-access')
  expect(res.code).toBe(0)
  expect(res.stderr).toBe('')
  expect(res.stdout).toMatch(/^local-network-access: a public page calling a local or loopback address \(Chrome 142\+\)/)
  expect(res.stdout).toContain('Permission was denied for this request to access the `loopback` address space.')
  expect(res.stdout).toContain('(Reason: CORS request did not succeed). Status code: (null).')
  expect(res.stdout).toContain("test.use({ localNetworkAccess: 'denied' })")
  expect(res.stdout).toContain("toHaveBlocked({ reason: 'local-network-access-denied' })")
  expect(res.stdout).toContain('--ip-address-space-overrides=127.0.0.1:5173=public')
  expect(res.stdout).toContain("context.grantPermissions(['local-network-access'])")
})

test('explain local-network-access takes no --stack: no server header changes it', async () => {
  const res = await cli('explain', 'local-network-access', '--stack', 'flask')
  expect(res.code).toBe(2)
  expect(res.stderr).toContain('--stack does not apply')
})
