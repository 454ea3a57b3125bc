import { parse } from 'yaml'

/** A valid scenario document to break one rule at a time. */
export const sampleYaml = `
name: sample
title: A sample
summary: Used by the validator tests.
fix: Nothing.
security:
  finding: origin-reflected
  severity: critical
  note: Reflects any origin with credentials.
policy:
  cors:
    origin: ['https://app.example.com', { regex: '^http://localhost(:\\d+)?$' }]
    credentials: true
    methods: [GET, PUT]
    maxAge: 10
  faults:
    - when: { preflight: false, status: [4xx, 500], path: /api/*, method: GET }
      status: 500
      remove: [access-control-*]
      set: { x-a: '{origin}' }
      add: { x-b: [one, two] }
      delay: 5
probe:
  method: GET
  path: /api/items
  headers: { x-one: '1' }
  credentials: include
  readHeaders: [x-total-count]
  repeat: 2
expect:
  chromium: { outcome: blocked, stage: response, reason: missing-allow-origin, preflight: true }
  firefox: { outcome: allowed, preflight: true, preflights: 1, hiddenHeaders: [x-total-count] }
  webkit: { outcome: allowed, preflight: true }
`

export function sample(): Record<string, any> {
  return parse(sampleYaml) as Record<string, any>
}
