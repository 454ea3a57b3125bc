# corslab: CORS goes here

run(lambda do |env|
  next [404, { "content-type" => "text/plain" }, ["not found"]] unless env["PATH_INFO"] == "/api/items"
  next [405, { "content-type" => "text/plain" }, ["method not allowed"]] unless %w[GET PUT].include?(env["REQUEST_METHOD"])
  [200, { "content-type" => "application/json", "x-total-count" => "2" }, ['[{"id":1},{"id":2}]']]
end)
