export const mainUsage = `corslab: named CORS scenarios that a real browser enforces

Usage: corslab <command> [flags]

Commands:
  serve     start the mock API server and its dashboard
  list      list the scenarios
  explain   explain one scenario: what it does, what each browser prints, how to fix the server
  check     send what a browser sends to a real server; say what each browser does and how to fix it
  audit     can other origins read what your API answers? Findings judged per browser, with fixes
  stacks    list the frameworks and servers check and explain write fixes for

Flags:
  -h, --help      help for corslab or a command (corslab serve --help)
  -v, --version   the version

Exit codes: 0 ok, 1 blocked (check) or a finding medium or worse (audit), 2 usage or input error.
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
  --log             print a line per request: time, method, path, [scenario], status, and what
                    the browser does with the answer (allowed, or blocked at a stage: reason)
  --allowed-host N  another host name the control API and dashboard answer to; repeat for more.
                    They answer only the server's own names (localhost, 127.0.0.1, [::1] on
                    loopback; the address listened on otherwise), so a page that points a name of
                    its own here (DNS rebinding) is refused; scenario traffic answers every name
  -h, --help        this help

A path under /@NAME/ is served under scenario NAME whatever the active one is:
  curl -i -H 'Origin: http://localhost:3000' http://127.0.0.1:4010/@missing-allow-origin/api/items
`

export const listUsage = `Usage: corslab list [--json] [--scenarios DIR]

Lists the scenarios: name, title, the probe (the request a page makes to show the scenario) and
what each browser does with it. A scenario whose policy is unsafe in production says so: the
finding corslab audit reports for it.

Flags:
  --json            print an array of { name, title, summary, probe, expect, security? }
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

export const auditUsage = `Usage: corslab audit URL --origin TRUSTED [--method M] [--header 'Name: value']... [--stack NAME] [--json]

Asks whether pages on other origins can read what URL answers. From TRUSTED (the origin that should
be allowed) it derives attacker origins: an unrelated one, null, TRUSTED's host as a prefix or a
suffix of another, with a dot read as any character, a subdomain or sibling, http: instead of https:,
special characters browsers accept in hosts, shared hosting (github.io, vercel.app, ...). For each it
sends a simple request and, where the policy answers preflights, a credentialed preflighted one, and
asks the engine whether a page there reads the answer in Chromium, Firefox and WebKit, with the
user's cookies or without.

Requests go only to URL, one at a time, never following a redirect: at most 3 per origin (the
request, a preflight, the request after a preflight that allows it), about 70 in all; the count is
printed first. Only GET, HEAD and OPTIONS unless you give --method; a body only with --data.

  --origin TRUSTED    the origin your API should trust (required), e.g. https://app.example.com
  -X, --method M      the request's method (default GET); a method other than GET, HEAD or POST is
                      sent only after a preflight that allows it
  -H, --header 'N: v' a request header; repeat for more. Cookie is sent as the browser would send
                      it with credentials (to audit what a signed-in user gets)
  -d, --data BODY     the body of a request whose method is not GET or HEAD (none by default)
  --rate N            at most N requests a second (default: one at a time, as fast as answers come)
  --private           the answer is private even without cookies (an intranet, a VPN, an IP
                      allow-list): reads without credentials rate medium, not low
  --stack NAME        the server's framework, for the fix in its own code (default: recognised
                      from the answers where they show it; corslab stacks lists them)
  --timeout MS        per request (default 10000)
  -k, --insecure      accept a TLS certificate that does not verify (local development)
  --json              print { url, trusted, findings: [{ id, severity, origin, origins,
                      credentials, browsers, summary, evidence, fix }], credentialedOrigins,
                      requests, notes }

Finding ids: origin-reflected, null-origin-allowed, prefix-match, suffix-match, unescaped-dot,
any-subdomain-trusted, http-origin-trusted, special-character-bypass, third-party-origin-trusted,
wildcard-origin, missing-vary-origin. Severity: critical when any site reads with the user's
credentials; low when it reads without (medium with --private); a subdomain or an http: page that
reads with credentials is medium; * is info.

Exit codes: 0 nothing medium or worse, 1 something is, 2 bad input or unreachable server.
`

export const stacksUsage = `Usage: corslab stacks [--json]

Lists the frameworks and servers that corslab check --stack and corslab explain --stack write CORS
fixes for, and whether the test suite proves each fix in a real app of that stack and real Chromium.

Flags:
  --json   print an array of { id, name, aliases, proven, proof }
  -h, --help   this help
`
