export const mainUsage = `corslab: named CORS scenarios that a real browser enforces

Usage: corslab <command> [flags]

Commands:
  serve     start the mock API server and its dashboard
  list      list the scenarios
  explain   explain one scenario: what it does, what each browser prints, how to fix the server
  check     send what a browser sends to a real server; say what each browser does and how to fix it
  stacks    list the frameworks and servers check and explain write fixes for

Flags:
  -h, --help      help for corslab or a command (corslab serve --help)
  -v, --version   the version

Exit codes: 0 ok, 1 blocked (check), 2 usage or input error.
`

export const serveUsage = `Usage: corslab serve [flags]

Starts the mock API on one origin and its dashboard on another, under a named CORS scenario.
Prints "corslab listening on http://HOST:PORT (scenario: NAME)" once ready.

Flags:
  --scenario NAME   the active scenario at start (default allow-all; see corslab list)
  --port N          the API's port (default 4010; 0 picks a free one); the dashboard takes the next
                    port, or a free one
  --host H          the address to listen on (default 127.0.0.1). Any other address makes the
                    control API and dashboard require a token, printed at start
  --routes FILE     serve these mock routes (YAML or JSON: method, path, status, headers, body,
                    delay) instead of the default API
  --upstream URL    proxy every request to this backend; its Access-Control-* headers are dropped
                    and the scenario's applied
  --scenarios DIR   add the scenario files in DIR (reloaded when they change)
  --token T         the control API token (default: generated when --host is not loopback)
  -h, --help        this help

A path under /@NAME/ is served under scenario NAME whatever the active one is:
  curl -i -H 'Origin: http://localhost:3000' http://127.0.0.1:4010/@missing-allow-origin/api/items
`

export const listUsage = `Usage: corslab list [--json] [--scenarios DIR]

Lists the scenarios: name, what each browser does with the scenario's probe, and the title.

Flags:
  --json            print an array of { name, title, summary, probe, expect }
  --scenarios DIR   include the scenario files in DIR
  -h, --help        this help
`

export const explainUsage = `Usage: corslab explain NAME [--stack ID] [--scenarios DIR]

Explains a scenario: what the server does wrong, the probe a page sends, what the server answers,
what Chromium, Firefox and WebKit print, and how to fix the server.

Flags:
  --stack ID        also show how the mistake is written in this framework or server, and its fix
                    there (corslab stacks lists them)
  --scenarios DIR   also look in the scenario files in DIR
  -h, --help        this help
`

export const checkUsage = `Usage: corslab check URL --origin O [--method M] [--header 'Name: value']... [--credentials] [--stack NAME] [--json]

Sends what a browser sends to a real server (the OPTIONS preflight where one is due, then the request
with Origin), asks the engine what Chromium, Firefox and WebKit do with the answers, and says how to
fix the server. A request that every browser's preflight refuses is never sent.

  --origin O          the page's origin (required), e.g. http://localhost:5173
  -X, --method M      the request's method (default GET)
  -H, --header 'N: v' a request header; repeat for more
  -d, --data BODY     the request's body (none by default; a JSON API may refuse an empty one)
  --credentials       the page sends credentials (fetch credentials: 'include')
  -L, --follow        follow redirects as the browser does (default: stop at the first)
  --browser B         chromium, firefox, webkit, a comma list, or all (default all)
  --timeout MS        per request (default 10000)
  -k, --insecure      accept a TLS certificate that does not verify (local development)
  --stack NAME        print the fix as code for this framework or server (corslab stacks lists
                      them); without it the stack is recognised from the answers where they show it
  --expose NAMES      response headers the page reads (comma list, repeatable): the fix exposes them
  --json              print the report as JSON, with the fix for the stack as "fix"

Exit codes: 0 allowed in every browser asked, 1 blocked (or stopped at a redirect), 2 bad input or
unreachable server.
`

export const stacksUsage = `Usage: corslab stacks [--json]

Lists the frameworks and servers that corslab check --stack and corslab explain --stack write CORS
fixes for, and whether the test suite proves each fix in a real app of that stack and real Chromium.

Flags:
  --json   print an array of { id, name, aliases, proven, proof }
  -h, --help   this help
`
