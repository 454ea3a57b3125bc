// Imported first by corslab/server, corslab/msw and corslab/playwright, so that an older Node stops
// here with the version it needs, before a dependency fails on a missing API.
import { assertNodeVersion } from './node-check.ts'

assertNodeVersion('corslab')
