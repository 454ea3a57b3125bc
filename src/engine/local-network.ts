import { CorslabError } from '../errors.ts'
import { addressSpaceOfHost, isLessPublic, isPotentiallyTrustworthy } from './address-space.ts'
import { record, type FetchState } from './fetch-state.ts'
import { addressSpaces, type AddressSpace, type Answer, type LocalNetworkAccess, type Verdict } from './types.ts'
import { blocked, type StepFailure } from './verdict.ts'

const step = 'Local Network Access check'
const permissions: readonly LocalNetworkAccess[] = ['granted', 'denied', 'prompt']

/** Reads `options.localNetworkAccess` (default `prompt`), or throws a CorslabError naming the choices. */
export function localNetworkAccessOf(options: { localNetworkAccess?: LocalNetworkAccess }): LocalNetworkAccess {
  const value = options.localNetworkAccess ?? 'prompt'
  if (!permissions.includes(value)) {
    throw new CorslabError('E_INVALID_OPTION', `Failed to read options.localNetworkAccess: ${JSON.stringify(value)} is not one of 'granted', 'denied', 'prompt'.`)
  }
  return value
}

// fetch()'s enum (IPAddressSpace) as Chromium reads it: 'private' is the old name of 'local', and
// 'unknown' asks for nothing.
function targetOf(value: string): AddressSpace | 'unknown' | null {
  if (value === 'private') return 'local'
  if (value === 'unknown') return 'unknown'
  return (addressSpaces as readonly string[]).includes(value) ? (value as AddressSpace) : null
}

/**
 * fetch()'s `targetAddressSpace` option, read where the browser knows it (Chromium): a value outside
 * its enum makes fetch() reject before anything is sent. Returns that verdict, or null.
 */
export function targetAddressSpaceOption(fetch: FetchState): Verdict | null {
  const rules = fetch.profile.localNetworkAccess
  const value = fetch.request.targetAddressSpace
  if (rules === false || rules.targetAddressSpace === false || value === null || targetOf(value) !== null) return null
  record(fetch, 'target-address-space', 'fetch(): RequestInit targetAddressSpace (IPAddressSpace enum)', false)
  return { ...blocked(fetch, { reason: 'local-network-target-mismatch', stage: 'request', targetAddressSpace: value }), message: '', error: rules.targetAddressSpace.invalid.replace('{v}', value) }
}

/**
 * The Local Network Access check (https://wicg.github.io/local-network-access/), which the browser
 * runs once it has the connection for a URL's first request (the preflight, if one goes) and before
 * it sends anything on it: fetch()'s `targetAddressSpace` must name the server's space; a public page
 * reaching a less public one must be a secure context (Chromium) and have the user's permission.
 *
 * `answer` is the server's answer to the request, read only for the address it came from
 * (`addressSpace`; else the URL's host says, else public): when the check refuses, the request was
 * never sent. Returns the blocked verdict, or null when the request may go.
 */
export function localNetworkCheck(fetch: FetchState, answer: Answer | null, preflight: boolean): Verdict | null {
  const rules = fetch.profile.localNetworkAccess
  // No answer: the connection failed before the check could run.
  if (rules === false || answer === null || answer === undefined || fetch.spaceCheckedHop === fetch.hop) return null
  fetch.spaceCheckedHop = fetch.hop
  const { request } = fetch
  const given = answer.addressSpace
  if (given !== undefined && !addressSpaces.includes(given)) {
    throw new CorslabError('E_INVALID_EXCHANGE', `Failed to read the addressSpace of answer ${fetch.hop}: ${JSON.stringify(given)} is not one of 'public', 'local', 'loopback'.`)
  }
  const resource = given ?? addressSpaceOfHost(fetch.url.hostname) ?? 'public'
  const stage = fetch.hop === 0 ? 'request' : 'redirect'

  // Chromium keeps the option for the whole redirect chain: every URL must be in that space.
  const target = rules.targetAddressSpace === false || request.targetAddressSpace === null ? null : targetOf(request.targetAddressSpace)
  if (!record(fetch, 'target-address-space', `${step} (targetAddressSpace)`, target === null || target === 'unknown' || target === resource)) {
    return refuse(fetch, preflight, { reason: 'local-network-target-mismatch', stage, addressSpace: resource, targetAddressSpace: target as AddressSpace })
  }
  // Local and loopback count as one: a page on the local network reaches loopback without asking.
  const client = request.addressSpace
  if (client === null || !isLessPublic(resource, client)) {
    record(fetch, 'local-network-access', `${step} (not a less public address space)`, true)
    return null
  }
  if (rules.secureContext && !record(fetch, 'secure-context', `${step} (the client is a secure context)`, isPotentiallyTrustworthy(request.origin))) {
    return refuse(fetch, preflight, { reason: 'local-network-insecure-context', stage, addressSpace: resource })
  }
  const permission = fetch.localNetworkAccess
  if (record(fetch, 'local-network-access', `${step} (the user's permission)`, permission === 'granted')) return null
  const verdict = refuse(fetch, preflight, { reason: 'local-network-access-denied', stage, addressSpace: resource })
  if (permission === 'prompt' && rules.prompt === 'waits') return { ...verdict, pending: true, message: '', error: undefined }
  return verdict
}

// The refused request never went: a preflight counted as sent is taken back.
function refuse(fetch: FetchState, preflight: boolean, failure: StepFailure): Verdict {
  if (preflight) {
    fetch.preflights--
    if (fetch.preflights === 0) fetch.firstPreflight = null
  }
  const verdict = blocked(fetch, failure)
  // Firefox prints nothing for a refused no-cors request.
  if (fetch.browser === 'firefox' && fetch.tainting === 'opaque') return { ...verdict, message: '' }
  return verdict
}
