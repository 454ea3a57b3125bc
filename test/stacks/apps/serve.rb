# Serves the Rack app in ARGV[0] (a config.ru) with WEBrick on 127.0.0.1, a free port, and prints it.
require "rack"
require "webrick"
require "rack/handler/webrick"

app, = Rack::Builder.parse_file(ARGV.fetch(0))
quiet = WEBrick::Log.new(File::NULL)
Rack::Handler::WEBrick.run(app, Host: "127.0.0.1", Port: 0, AccessLog: [], Logger: quiet) do |server|
  puts "listening on #{server.listeners.first.addr[1]}"
  $stdout.flush
end
