import axios from 'axios'
import type { SetupServer } from 'msw/node'
import { expect } from 'vitest'
import { corsHandlers } from '../../../src/msw/index.ts'

/**
 * What the handlers log for a blocked request depends on what sent it: Chromium's console says
 * "Access to XMLHttpRequest at ..." for an XHR (and axios, which uses one) and "Access to fetch at
 * ..." for fetch(); a credentials error of an XHR ends with Chromium's withCredentials hint.
 */
export async function expectXhrText(server: SetupServer, api: string, origin: string): Promise<void> {
  const logged: string[] = []
  const url = `${api}/api/items`
  const scenario = (name: string) => corsHandlers({ scenario: name, target: api, log: (message) => logged.push(message) })

  server.use(...scenario('missing-allow-origin'))
  const status = await new Promise<number>((resolve) => {
    const xhr = new XMLHttpRequest()
    xhr.open('GET', url)
    xhr.onload = () => resolve(xhr.status)
    xhr.onerror = () => resolve(xhr.status)
    xhr.send()
  })
  expect(status).toBe(0)
  await expect(axios.get(url)).rejects.toMatchObject({ code: 'ERR_NETWORK' })
  await expect(fetch(url)).rejects.toThrow()
  const missing = "has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
  expect(logged).toEqual([
    `Access to XMLHttpRequest at '${url}' from origin '${origin}' ${missing}`,
    `Access to XMLHttpRequest at '${url}' from origin '${origin}' ${missing}`,
    `Access to fetch at '${url}' from origin '${origin}' ${missing}`,
  ])

  logged.splice(0)
  server.resetHandlers(...scenario('wildcard-with-credentials'))
  await expect(axios.get(url, { withCredentials: true })).rejects.toMatchObject({ code: 'ERR_NETWORK' })
  expect(logged).toEqual([
    `Access to XMLHttpRequest at '${url}' from origin '${origin}' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.`,
  ])
}
