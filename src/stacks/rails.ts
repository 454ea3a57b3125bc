import { indent, lines } from './code.ts'
import { rackCorsAllow, rackCorsTraps } from './rack-cors.ts'
import type { Stack } from './types.ts'

export const rails: Stack = {
  id: 'rails',
  name: 'Ruby on Rails (rack-cors)',
  aliases: ['ruby-on-rails', 'rack-cors'],
  proof: { proven: true, how: "Rails 6.1 (railties, Debian's) with rack-cors 1.1 on WEBrick, in real Chromium" },
  placement: 'config/initializers/cors.rb (Rails generates it commented out), or right after the Application class in a one-file app, before the routes',
  configure: (policy) =>
    lines('require "rack/cors"', '', 'Rails.application.config.middleware.insert_before 0, Rack::Cors do', indent(rackCorsAllow(policy), 2), 'end'),
  traps: {
    order:
      '`insert_before 0` puts Rack::Cors ahead of every other middleware, so the preflight is answered before authentication (Devise/Warden), HostAuthorization or an SSL redirect can refuse it; `config.middleware.use Rack::Cors` puts it last, behind them.',
    ...rackCorsTraps,
  },
}
