import { lines } from './code.ts'
import type { Stack } from './types.ts'

export const apiGateway: Stack = {
  id: 'api-gateway',
  name: 'AWS API Gateway (HTTP API CORS configuration)',
  aliases: ['apigateway', 'aws', 'aws-api-gateway', 'apigw', 'lambda'],
  proof: { proven: false, why: 'a managed AWS service, out of reach here; the fix follows the API Gateway v2 documentation' },
  placement: 'the API\'s CORS configuration: `aws apigatewayv2 update-api --api-id ID --cors-configuration file://cors.json` (or the same keys under `CorsConfiguration` in CloudFormation/SAM)',
  configure: (policy) => {
    const { origins } = policy
    const json = {
      AllowOrigins: Array.isArray(origins) ? origins : ['*'],
      AllowMethods: policy.methods === null || policy.methods === '*' ? ['*'] : policy.methods,
      AllowHeaders: policy.allowHeaders === null || policy.allowHeaders === '*' ? ['*'] : policy.allowHeaders,
      ExposeHeaders: policy.exposeHeaders === '*' ? ['*'] : policy.exposeHeaders,
      AllowCredentials: policy.credentials,
      ...(policy.maxAge === undefined ? {} : { MaxAge: policy.maxAge }),
    }
    return lines(JSON.stringify(json, null, 2))
  },
  traps: {
    errors:
      'Answers API Gateway makes itself (a 401 or 403 from an authorizer, a 429, a 502 from a failed Lambda) are gateway responses without CORS headers in REST APIs: add the headers to the DEFAULT_4XX and DEFAULT_5XX gateway responses.',
    'preflight-unanswered':
      'In a REST API (v1) there is no CORS configuration: enabling CORS creates an OPTIONS mock method per resource, and a Lambda proxy integration must send the CORS headers on every answer itself.',
    order: 'An authorizer on the OPTIONS route refuses the preflight (it carries no credentials): with an HTTP API\'s CORS configuration the gateway answers preflights before authorizers run; in a REST API leave OPTIONS without authorization.',
  },
}
