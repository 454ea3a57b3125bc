import { indent, lines } from './code.ts'
import { rackCorsAllow, rackCorsTraps } from './rack-cors.ts'
import type { Stack } from './types.ts'

export const rack: Stack = {
  id: 'rack',
  name: 'Rack apps: Sinatra, Hanami, Roda (rack-cors)',
  aliases: ['sinatra', 'hanami', 'roda', 'config.ru'],
  proof: { proven: true, how: "a Rack app with rack-cors 1.1 (Debian's) on WEBrick, in real Chromium" },
  placement: 'in config.ru, before the other `use` lines and `run`',
  configure: (policy) => lines('require "rack/cors"', '', 'use Rack::Cors do', indent(rackCorsAllow(policy), 2), 'end'),
  traps: {
    order: 'Rack middleware runs in the order of the `use` lines: Rack::Cors first, before authentication, so the preflight is answered before anything can refuse it.',
    ...rackCorsTraps,
  },
}
