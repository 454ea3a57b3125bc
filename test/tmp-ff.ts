import { spawn } from 'node:child_process'
import { launchFirefox } from './support/browsers/firefox.ts'
const name = process.argv[2] ?? 'firefox'
const child = spawn('/work/wt/dayone/node_modules/.bin/node', ['/work/wt/dayone/bin/corslab.js', 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
let out = ''
child.stdout.on('data', (c) => out += c)
child.stderr.on('data', (c) => out += c)
while (!/dashboard: (\S+)/.test(out)) await new Promise(r => setTimeout(r, 20))
const url = /dashboard: (\S+)/.exec(out)![1]!
const mod = name === 'webkit' ? await import('./support/browsers/webkit.ts') : null
const session = mod ? await mod.launchWebKit() : await launchFirefox()
const page = await session.newPage()
await page.goto(url)
await page.evaluate(`async () => { for (let i = 0; i < 100 && document.body.dataset.live !== 'true'; i++) await new Promise(r => setTimeout(r, 50)); return document.body.dataset.live }`, null).then(console.log)
await page.evaluate(`async () => (await window.corslab.runProbe('missing-allow-origin')).outcome`, null).then(console.log)
await new Promise(r => setTimeout(r, 1000))
const t = performance.now()
child.kill('SIGINT')
await new Promise(r => child.on('exit', r))
console.log(name, 'exit ms', (performance.now() - t).toFixed(0), child.exitCode, child.signalCode)
await session.close()
