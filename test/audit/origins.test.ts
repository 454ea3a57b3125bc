import { expect, test } from 'vitest'
import { attackerOrigins, registrableDomain, severityOf } from '../../src/audit/index.ts'

const table = (trusted: string) => attackerOrigins(trusted).map((c) => [c.id, c.origin, c.owner])

test('the attacker origins for https://app.example.com, each with the mistake it tests and who can own it', () => {
  expect(table('https://app.example.com')).toEqual([
    ['origin-reflected', 'https://evil.test', 'anyone'],
    ['null-origin-allowed', 'null', 'anyone'],
    ['prefix-match', 'https://app.example.com.evil.test', 'anyone'],
    ['suffix-match', 'https://evilapp.example.com', 'subdomain'],
    ['suffix-match', 'https://evilexample.com', 'anyone'],
    ['unescaped-dot', 'https://appxexample.com', 'anyone'],
    ['any-subdomain-trusted', 'https://evil.app.example.com', 'subdomain'],
    ['any-subdomain-trusted', 'https://evil.example.com', 'subdomain'],
    ['http-origin-trusted', 'http://app.example.com', 'network'],
    ['special-character-bypass', 'https://app.example.com_.evil.test', 'anyone'],
    ['special-character-bypass', 'https://app.example.com`.evil.test', 'dns'],
    ['special-character-bypass', 'https://app.example.com}.evil.test', 'dns'],
    ['third-party-origin-trusted', 'https://corslab-audit.github.io', 'anyone'],
    ['third-party-origin-trusted', 'https://corslab-audit.vercel.app', 'anyone'],
    ['third-party-origin-trusted', 'https://corslab-audit.netlify.app', 'anyone'],
    ['third-party-origin-trusted', 'https://corslab-audit.pages.dev', 'anyone'],
    ['third-party-origin-trusted', 'https://corslab-audit.herokuapp.com', 'anyone'],
    ['third-party-origin-trusted', 'https://corslab-audit.web.app', 'anyone'],
    ['third-party-origin-trusted', 'https://corslab-audit.azurewebsites.net', 'anyone'],
    ['third-party-origin-trusted', 'https://corslab-audit.s3.amazonaws.com', 'anyone'],
    ['third-party-origin-trusted', 'https://cdpn.io', 'anyone'],
    ['third-party-origin-trusted', 'https://fiddle.jshell.net', 'anyone'],
  ])
})

test('a port is kept; a host without a site (localhost, an IP) has no suffix, dot or sibling to try', () => {
  expect(table('http://localhost:5173').slice(0, 6)).toEqual([
    ['origin-reflected', 'http://evil.test', 'anyone'],
    ['null-origin-allowed', 'null', 'anyone'],
    ['prefix-match', 'http://localhost.evil.test:5173', 'anyone'],
    ['suffix-match', 'http://evillocalhost:5173', 'anyone'],
    ['any-subdomain-trusted', 'http://evil.localhost:5173', 'subdomain'],
    ['special-character-bypass', 'http://localhost_.evil.test:5173', 'anyone'],
  ])
  const ip = table('http://127.0.0.1:8080').map(([id]) => id)
  expect(ip).not.toContain('suffix-match')
  expect(ip).not.toContain('unescaped-dot')
  expect(ip).not.toContain('special-character-bypass')
  expect(table('http://127.0.0.1:8080')[2]).toEqual(['prefix-match', 'http://127.0.0.1.evil.test:8080', 'anyone'])
})

test('on shared hosting the site is the deployment itself, and its neighbours are anybody\'s', () => {
  const origins = table('https://myapp.github.io')
  expect(origins).toContainEqual(['suffix-match', 'https://evilmyapp.github.io', 'anyone'])
  expect(origins).toContainEqual(['unescaped-dot', 'https://myappxgithub.io', 'anyone'])
  expect(origins).toContainEqual(['third-party-origin-trusted', 'https://corslab-audit.github.io', 'anyone'])
  expect(origins.filter(([id]) => id === 'any-subdomain-trusted')).toEqual([['any-subdomain-trusted', 'https://evil.myapp.github.io', 'subdomain']])
})

test('every derived origin is an origin as a browser serializes it, and none repeats', () => {
  for (const trusted of ['https://app.example.com', 'http://localhost:5173', 'https://a.b.example.co.uk:8443', 'https://myapp.github.io', 'http://[::1]:3000']) {
    const origins = attackerOrigins(trusted).map((c) => c.origin)
    expect(new Set(origins).size).toBe(origins.length)
    for (const origin of origins) if (origin !== 'null') expect(new URL(origin).origin, origin).toBe(origin)
    expect(origins).not.toContain(trusted)
  }
})

test('registrable domains, with the two-label suffixes and shared hosts', () => {
  expect(registrableDomain('app.example.com')).toBe('example.com')
  expect(registrableDomain('example.com')).toBe('example.com')
  expect(registrableDomain('a.b.example.co.uk')).toBe('example.co.uk')
  expect(registrableDomain('myapp.github.io')).toBe('myapp.github.io')
  expect(registrableDomain('localhost')).toBeNull()
  expect(registrableDomain('127.0.0.1')).toBeNull()
})

test('severity: who can own the origin, and whether the read carries credentials', () => {
  expect(severityOf('anyone', true, false)).toBe('critical')
  expect(severityOf('dns', true, false)).toBe('high')
  expect(severityOf('subdomain', true, false)).toBe('medium')
  expect(severityOf('network', true, false)).toBe('medium')
  expect(severityOf('anyone', false, false)).toBe('low')
  expect(severityOf('anyone', false, true)).toBe('medium')
  expect(severityOf('subdomain', false, false)).toBe('info')
  expect(severityOf('subdomain', false, true)).toBe('low')
})
