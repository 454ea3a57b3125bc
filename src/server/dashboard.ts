export interface DashboardConfig {
  /** The API's base URL; '' when the page is served by the API itself. */
  api: string
  /** Passed on to every control call (as ?token=) when the server needs one. */
  token: string | undefined
  /** True when the page's origin differs from the API's, so a probe is a real cross-origin request. */
  crossOrigin: boolean
  /** Where the cross-origin dashboard is, for a page that is not. */
  pageUrl?: string
  /** The backend behind `--upstream`, when there is one: the probes' paths then reach it. */
  upstream?: string
}

// JSON inside <script> must not be able to close the element.
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

const style = `
:root { color-scheme: light dark; --ok: #1a7f37; --bad: #c62828; --muted: #6b7280; --line: #d0d7de55; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; }
header { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: center; padding: .75rem 1.25rem; border-bottom: 1px solid var(--line); position: sticky; top: 0; background: Canvas; z-index: 1; }
header h1 { font-size: 1.1rem; margin: 0; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.25rem; padding: 1rem 1.25rem; }
@media (max-width: 1100px) { main { grid-template-columns: 1fr; } }
h2 { font-size: 1rem; margin: 0 0 .5rem; }
table { width: 100%; border-collapse: collapse; }
td, th { text-align: left; vertical-align: top; padding: .4rem .35rem; border-bottom: 1px solid var(--line); }
th { font-weight: 600; font-size: .8rem; color: var(--muted); }
.name { font-family: ui-monospace, monospace; font-weight: 600; }
.summary { color: var(--muted); font-size: .85rem; margin-top: .2rem; }
.expect { font-size: .8rem; }
section { min-width: 0; overflow-x: auto; }
/* The journal stays in view beside the catalog while the catalog scrolls. */
#journal { position: sticky; top: 4.25rem; align-self: start; max-height: calc(100vh - 5.5rem); overflow-y: auto; }
@media (max-width: 1100px) { #journal { position: static; max-height: none; } }
tr[data-scenario] { scroll-margin-top: 3.4rem; }
#live.on { color: var(--ok); }
#catalog td:first-child { width: 45%; }
#catalog td:last-child { width: 30%; }
.allowed { color: var(--ok); font-weight: 600; }
.blocked { color: var(--bad); font-weight: 600; }
.opaque { color: var(--muted); font-weight: 600; }
.result { font-size: .85rem; margin-top: .3rem; }
.match { font-weight: 600; }
.msg { font-family: ui-monospace, monospace; font-size: .78rem; white-space: pre-wrap; word-break: break-word; color: var(--muted); }
.banner { padding: .6rem 1.25rem; background: #fff3cd; color: #5c4400; }
button, select { font: inherit; }
tr.active td { background: #0969da14; }
#journal td { font-size: .82rem; }
#journal td:first-child { width: 8.5rem; }
#journal .request { overflow-wrap: anywhere; }
#journal .name { font-weight: 400; font-size: .78rem; overflow-wrap: anywhere; }
.time { color: var(--muted); }
#own { margin-bottom: 1rem; padding: .6rem .75rem; border: 1px solid var(--line); border-radius: 6px; }
#own form { display: grid; grid-template-columns: auto 1fr; gap: .35rem .6rem; align-items: center; }
#own textarea, #own input[type=text] { font: .85rem ui-monospace, monospace; width: 100%; }
.judge { color: var(--muted); font-size: .75rem; }
.note { font-size: .85rem; color: var(--muted); margin: .25rem 0 .6rem; }
.security { font-size: .8rem; margin-top: .2rem; }
.security.insecure b { color: var(--bad); }
`

const script = `
const config = JSON.parse(document.getElementById('corslab-config').textContent)
const query = config.token ? '?token=' + encodeURIComponent(config.token) : ''
const control = (path) => config.api + '/__corslab' + path + query
const $ = (sel) => document.querySelector(sel)
const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v
    else if (k.startsWith('data-')) node.setAttribute(k, v)
    else node[k] = v
  }
  for (const child of children) if (child != null) node.append(child)
  return node
}
const browser = /Firefox\\//.test(navigator.userAgent) ? 'firefox'
  : /Chrome\\/|Chromium\\//.test(navigator.userAgent) ? 'chromium'
  : /AppleWebKit\\//.test(navigator.userAgent) ? 'webkit' : 'chromium'
let scenarios = []
let active = ''
const sameOriginWhy = 'Disabled: this page is on the API\\'s own origin, so a probe from it is same-origin and the browser applies no CORS at all. Open the dashboard on its own origin' + (config.pageUrl ? ': ' + config.pageUrl : ' (corslab serve prints it)')
// An answer that came through the upstream carries Via: 1.1 corslab (the server adds it, as a proxy does).
const fromUpstream = (entry) => entry.responseHeaders.some(([n, v]) => n.toLowerCase() === 'via' && v.includes('1.1 corslab'))

function describeExpect(e) {
  if (!e) return ''
  const where = e.outcome === 'blocked' ? ' at ' + e.stage + ' (' + e.reason + ')' : ''
  const hidden = e.hiddenHeaders && e.hiddenHeaders.length ? ', hides ' + e.hiddenHeaders.join(', ') : ''
  const preflights = e.preflights !== undefined ? ', ' + e.preflights + ' preflight(s)' : e.preflight ? ', preflight' : ''
  return e.outcome + where + preflights + hidden
}

// The scenario's security note: marked insecure when corslab audit rates it medium or worse.
function securityNote(s) {
  if (!s.security) return null
  const insecure = ['critical', 'high', 'medium'].includes(s.security.severity)
  return el('div', { class: 'security' + (insecure ? ' insecure' : ''), 'data-security': s.security.severity },
    el('b', { textContent: (insecure ? 'insecure in production: ' : 'security: ') + s.security.finding + ' (' + s.security.severity + ')' }), ' ' + s.security.note)
}

function renderCatalog() {
  const body = $('#catalog tbody')
  body.replaceChildren()
  const select = $('#active')
  select.replaceChildren(...scenarios.map((s) => el('option', { value: s.name, textContent: s.name, selected: s.name === active })))
  const own = $('#own-scenario')
  const chosen = own.value
  own.replaceChildren(el('option', { value: '', textContent: '(the active scenario)' }), ...scenarios.map((s) => el('option', { value: s.name, textContent: s.name, selected: s.name === chosen })))
  for (const s of scenarios) {
    const result = el('div', { class: 'result', 'data-result': s.name })
    const run = el('button', { textContent: 'Run it in this browser', disabled: !config.crossOrigin, title: config.crossOrigin ? '' : sameOriginWhy, 'data-run': s.name, onclick: () => runProbe(s.name) })
    const expects = ['chromium', 'firefox', 'webkit'].map((b) =>
      el('div', { class: 'expect' }, b + ': ', el('span', { class: s.expect[b].outcome, textContent: describeExpect(s.expect[b]) })))
    const probe = s.probe.method + ' ' + s.probe.path + (s.probe.credentials === 'include' ? ' (with credentials)' : '')
    body.append(el('tr', { class: s.name === active ? 'active' : '', 'data-scenario': s.name },
      el('td', {}, el('div', { class: 'name', textContent: s.name }), el('div', { textContent: s.title }),
        el('div', { class: 'summary', textContent: s.summary }), securityNote(s), el('div', { class: 'msg', textContent: 'probe: ' + probe })),
      el('td', {}, ...expects),
      el('td', {}, run, result)))
  }
}

async function loadCatalog() {
  const [list, current] = await Promise.all([fetch(control('/scenarios')), fetch(control('/scenario'))])
  scenarios = await list.json()
  active = (await current.json()).name
  renderCatalog()
}

async function switchTo(name) {
  const res = await fetch(control('/scenario'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) })
  if (!res.ok) alert((await res.json()).error)
  else { active = name; renderCatalog() }
}

function journalRow(entry) {
  const v = entry.verdict
  const verdict = v ? el('span', {}, el('span', { class: 'judge', textContent: 'Chromium: ' }), el('span', { class: v.outcome, textContent: v.outcome + (v.reason ? ' (' + v.reason + ')' : '') })) : el('span', { class: 'opaque', textContent: 'not a CORS request' })
  const asked = Object.entries(entry.requestHeaders).map(([k, val]) => k + ': ' + val).join('\\n')
  return el('tr', { 'data-entry': String(entry.id) },
    el('td', {}, el('div', { class: 'time', textContent: entry.time.slice(11, 19) }), el('div', { class: 'name', textContent: entry.scenario })),
    el('td', {},
      el('div', {}, el('span', { class: 'request', textContent: entry.method + ' ' + entry.path + (entry.preflight ? ' (preflight)' : '') + ' \\u2192 ' + entry.status + (fromUpstream(entry) ? ' from upstream' : '') }), ' ', verdict),
      entry.preflight && asked ? el('div', { class: 'msg', textContent: asked }) : null,
      v && v.message ? el('div', { class: 'msg', textContent: v.message }) : null))
}

async function loadJournal() {
  const entries = await (await fetch(control('/journal'))).json()
  $('#journal tbody').replaceChildren(...entries.reverse().map(journalRow))
}

function listen() {
  const events = new EventSource(control('/events'))
  const live = (on) => {
    document.body.dataset.live = String(on)
    $('#live').textContent = on ? '\\u25cf live' : 'reconnecting...'
    $('#live').classList.toggle('on', on)
  }
  // The server says hello once this stream is subscribed to the journal.
  events.addEventListener('hello', () => live(true))
  events.addEventListener('error', () => live(false))
  events.addEventListener('entry', (e) => {
    const body = $('#journal tbody')
    body.prepend(journalRow(JSON.parse(e.data)))
    while (body.children.length > 200) body.lastChild.remove()
  })
  events.addEventListener('clear', () => $('#journal tbody').replaceChildren())
  events.addEventListener('scenario', (e) => { active = JSON.parse(e.data).name; renderCatalog() })
  events.addEventListener('catalog', () => loadCatalog())
}

// The probe as the page sends it, under /@NAME/ so no switching is needed. Resolves to what the
// browser really did: { outcome, status?, error?, readable, preflights, expected, matches }.
async function runProbe(name) {
  const s = scenarios.find((x) => x.name === name)
  const out = document.querySelector('[data-result="' + CSS.escape(name) + '"]')
  out.textContent = 'running...'
  const since = (await (await fetch(control('/journal'))).json()).reduce((max, e) => Math.max(max, e.id), 0)
  const headers = s.probe.headers || {}
  const init = { method: s.probe.method, headers, credentials: s.probe.credentials || 'same-origin', mode: 'cors' }
  if (!['GET', 'HEAD'].includes(s.probe.method.toUpperCase())) init.body = /json/.test(headers['content-type'] || '') ? '{}' : ''
  const base = config.api || location.origin
  const url = base + '/@' + encodeURIComponent(name) + s.probe.path
  let result
  for (let i = 0; i < (s.probe.repeat || 1); i++) {
    try {
      const res = await fetch(url, init)
      const readable = {}
      for (const h of s.probe.readHeaders || []) readable[h] = res.headers.get(h)
      result = { outcome: 'allowed', status: res.status, readable }
    } catch (error) {
      result = { outcome: 'blocked', error: String(error), readable: {} }
    }
  }
  const seen = (await (await fetch(control('/journal'))).json()).filter((e) => e.id > since && e.scenario === name)
  result.preflights = seen.filter((e) => e.preflight).length
  result.hiddenHeaders = Object.entries(result.readable).filter(([, v]) => v === null).map(([k]) => k)
  const expected = s.expect[browser]
  result.expected = expected
  result.matches = result.outcome === expected.outcome && (result.preflights > 0) === expected.preflight
    && (expected.preflights === undefined || expected.preflights === result.preflights)
    && (expected.hiddenHeaders === undefined || expected.hiddenHeaders.join() === result.hiddenHeaders.join())
  const verdicts = seen.map((e) => e.verdict).filter((v) => v && v.outcome === 'blocked')
  const upstreamAnswered = seen.some(fromUpstream)
  out.replaceChildren(
    el('div', {}, 'this browser (' + browser + '): ', el('span', { class: result.outcome, textContent: result.outcome }),
      result.status !== undefined ? ' ' + result.status : '', result.error ? ' (' + result.error + ')' : '',
      ', preflights seen: ' + result.preflights, result.hiddenHeaders.length ? ', unreadable: ' + result.hiddenHeaders.join(', ') : ''),
    el('div', {}, 'corslab expected: ' + describeExpect(expected) + ' ', el('span', { class: 'match ' + (result.matches ? 'allowed' : 'blocked'), textContent: result.matches ? '✓ as predicted' : '✗ differs' })),
    ...(verdicts.length ? [el('div', { class: 'msg', textContent: verdicts[verdicts.length - 1].message || '' })] : []),
    ...(upstreamAnswered ? [el('div', { class: 'note', textContent: 'The answer came from the upstream (' + config.upstream + '): the probe called ' + s.probe.method + ' ' + s.probe.path + ' on your backend, so its status is your backend\\'s, and the prediction is about CORS only. Run a request your app makes under "Your own request".' })] : []))
  out.dataset.outcome = result.outcome
  out.dataset.upstream = String(upstreamAnswered)
  return result
}

// A request of the user's own (method, path, headers, credentials) under a scenario: what the
// browser did, and the journal rows it left, upstream answers marked. Resolves to
// { outcome, status?, error?, entries }.
async function runOwn(request) {
  const out = $('#own-result')
  out.textContent = 'running...'
  const since = (await (await fetch(control('/journal'))).json()).reduce((max, e) => Math.max(max, e.id), 0)
  const method = (request.method || 'GET').trim()
  const path = request.path.startsWith('/') ? request.path : '/' + request.path
  const init = { method, headers: request.headers || {}, credentials: request.credentials || 'same-origin', mode: 'cors' }
  if (request.body !== undefined && !['GET', 'HEAD'].includes(method.toUpperCase())) init.body = request.body
  const prefix = request.scenario ? '/@' + encodeURIComponent(request.scenario) : ''
  const url = (config.api || location.origin) + prefix + path
  let result
  try {
    const res = await fetch(url, init)
    result = { outcome: 'allowed', status: res.status }
  } catch (error) {
    result = { outcome: 'blocked', error: String(error) }
  }
  result.entries = (await (await fetch(control('/journal'))).json()).filter((e) => e.id > since)
  result.upstream = result.entries.some(fromUpstream)
  out.replaceChildren(
    el('div', {}, method + ' ' + url + ': this browser (' + browser + '): ', el('span', { class: result.outcome, textContent: result.outcome }),
      result.status !== undefined ? ' ' + result.status : '', result.error ? ' (' + result.error + ')' : ''),
    el('div', { class: 'note', textContent: result.upstream ? 'Answered by the upstream (' + config.upstream + '), with the scenario\\'s CORS headers.' : config.upstream ? 'Answered by corslab (the scenario\\'s CORS layer, or the upstream could not be reached).' : 'Answered by corslab\\'s mock API.' }),
    el('table', {}, el('tbody', {}, ...result.entries.map(journalRow))))
  out.dataset.outcome = result.outcome
  out.dataset.upstream = String(result.upstream)
  return result
}

function readOwnForm() {
  const headers = {}
  for (const line of $('#own-headers').value.split('\\n')) {
    const at = line.indexOf(':')
    if (at > 0) headers[line.slice(0, at).trim()] = line.slice(at + 1).trim()
  }
  const body = $('#own-body').value
  return { method: $('#own-method').value, path: $('#own-path').value || '/', headers, credentials: $('#own-credentials').value, scenario: $('#own-scenario').value, body: body === '' ? undefined : body }
}

window.corslab = { runProbe, runOwn, switchTo, browser, get scenarios() { return scenarios }, config }
$('#own form').addEventListener('submit', (e) => { e.preventDefault(); runOwn(readOwnForm()) })
$('#own-run').disabled = !config.crossOrigin
$('#own-run').title = config.crossOrigin ? '' : sameOriginWhy
$('#active').addEventListener('change', (e) => switchTo(e.target.value))
$('#clear').addEventListener('click', () => fetch(control('/journal'), { method: 'DELETE' }))
loadCatalog().then(loadJournal).then(listen).catch((error) => { document.body.prepend(el('div', { class: 'banner', textContent: 'corslab: ' + error }) ) })
`

/**
 * The dashboard: one self-contained page (no framework, nothing fetched but the control API).
 * Browser tests can drive it through `window.corslab.runProbe(name)`, or the `data-run`/`data-result`
 * attributes.
 */
export function dashboardHtml(config: DashboardConfig): string {
  const banner = config.crossOrigin
    ? ''
    : `<div class="banner">The Run buttons are off here: this page is on the API's own origin, so a request from it is same-origin and the browser applies no CORS at all (nothing could be blocked). ${config.pageUrl ? `Open the dashboard on its own origin to run probes: <a href="${escapeHtml(config.pageUrl)}">${escapeHtml(config.pageUrl)}</a>` : 'corslab serve prints the dashboard on its own origin.'}</div>`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>corslab dashboard</title>
<link rel="icon" href="data:,">
<style>${style}</style>
</head>
<body>
<header>
  <h1>corslab</h1>
  <label>Active scenario <select id="active" data-switcher></select></label>
  <span class="msg">API: ${escapeHtml(config.api || '(this origin)')}${config.upstream ? ` \u2192 upstream ${escapeHtml(config.upstream)}` : ''}</span>
  <span id="live" class="msg">connecting...</span>
  <button id="clear">Clear journal</button>
</header>
${banner}
<main>
  <section id="catalog">
    <div id="own">
      <h2>Your own request</h2>
      <p class="note">Sent from this page with fetch(), under the scenario you pick, to a path of your API${config.upstream ? ' (through to the upstream)' : ''}.</p>
      <form>
        <label for="own-method">Method</label><input id="own-method" type="text" value="GET" size="8">
        <label for="own-path">Path</label><input id="own-path" type="text" value="/api/items" placeholder="/api/items">
        <label for="own-headers">Headers</label><textarea id="own-headers" rows="2" placeholder="Name: value, one per line"></textarea>
        <label for="own-body">Body</label><input id="own-body" type="text" placeholder="(none)">
        <label for="own-credentials">Credentials</label><select id="own-credentials"><option>same-origin</option><option>include</option><option>omit</option></select>
        <label for="own-scenario">Scenario</label><select id="own-scenario"></select>
        <span></span><span><button id="own-run" type="submit">Send it from this browser</button></span>
      </form>
      <div id="own-result" class="result"></div>
    </div>
    <h2>Scenarios</h2>${config.upstream ? `\n    <p class="note">With an upstream, each probe's path (/api/items, ...) reaches your backend: its status is your backend's, and "as predicted" is about CORS only. Send your app's own requests above.</p>` : ''}
    <table><thead><tr><th>Scenario</th><th>Expected</th><th>In this browser</th></tr></thead><tbody></tbody></table>
  </section>
  <section id="journal">
    <h2>Journal (live)</h2>
    <p class="note">Each row: the request as the server saw it, and what Chromium does with the answer, as corslab's engine judges it for Chromium (its console text). What your browser did is under the probe you ran.</p>
    <table><thead><tr><th>Time, scenario</th><th>Request, status, and Chromium's verdict (corslab's engine)</th></tr></thead><tbody></tbody></table>
  </section>
</main>
<script type="application/json" id="corslab-config">${scriptJson(config)}</script>
<script type="module">${script}</script>
</body>
</html>
`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
