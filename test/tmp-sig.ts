import { spawn } from 'node:child_process'
import { chromium } from '@playwright/test'
const [cmd, ...args] = process.argv[2]!.split(' ')
const child = spawn(cmd!, args, { cwd: process.argv[3] ?? '/tmp/dayone-app', stdio: ['ignore', 'pipe', 'pipe'], detached: true })
let out = ''
child.stdout.on('data', (c) => out += c)
child.stderr.on('data', (c) => out += c)
while (!/dashboard: (\S+)/.test(out)) await new Promise(r => setTimeout(r, 20))
const page = /dashboard: (\S+)/.exec(out)![1]!
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
const p = await browser.newPage()
await p.goto(page)
await p.waitForSelector('body[data-live="true"]')
if (process.argv[4] !== 'norun') await p.evaluate(() => (window as any).corslab.runProbe('missing-allow-origin'))
await new Promise(r => setTimeout(r, 1000))
const t = performance.now()
process.kill(-child.pid!, 'SIGINT')
await new Promise(r => child.on('exit', r))
console.log('exit ms', (performance.now() - t).toFixed(0), child.exitCode, child.signalCode)
await browser.close()
