import type { Stack } from './types.ts'

// S3 rules take only these methods.
const s3Methods = new Set(['GET', 'PUT', 'POST', 'DELETE', 'HEAD'])

export const s3: Stack = {
  id: 's3',
  name: 'Amazon S3 (bucket CORS rules)',
  aliases: ['aws-s3', 'bucket'],
  proof: { proven: false, why: 'a managed AWS service, out of reach here; the fix follows the S3 documentation' },
  placement: "the bucket's CORS configuration: `aws s3api put-bucket-cors --bucket BUCKET --cors-configuration file://cors.json`",
  configure: (policy) => {
    const { origins } = policy
    const methods = policy.methods === null || policy.methods === '*' ? ['GET', 'HEAD'] : policy.methods.filter((m) => s3Methods.has(m))
    const rule = {
      AllowedOrigins: Array.isArray(origins) ? origins : ['*'],
      AllowedMethods: methods.length > 0 ? methods : ['GET'],
      AllowedHeaders: policy.allowHeaders === null ? [] : policy.allowHeaders === '*' ? ['*'] : policy.allowHeaders,
      ExposeHeaders: policy.exposeHeaders === '*' ? [] : policy.exposeHeaders,
      ...(policy.maxAge === undefined ? {} : { MaxAgeSeconds: policy.maxAge }),
    }
    return JSON.stringify({ CORSRules: [rule] }, null, 2)
  },
  traps: {
    cache:
      'Behind CloudFront, forward the Origin header (an origin request policy with Origin, or the CORS-S3Origin managed policy) and cache on it: otherwise the first origin\'s answer is cached and served to every other origin.',
    defaults:
      'S3 sends CORS headers only when the request carries Origin and a rule matches; with credentials S3 reflects the matching origin and adds `Access-Control-Allow-Credentials: true`. `AllowedOrigins: ["*"]` lets every site read the objects: fine for public files, never for private ones.',
    errors: 'A 403 for a missing object or an expired presigned URL also carries the CORS headers when a rule matches; a rule that does not list the method or header leaves the preflight with 403 and no CORS headers.',
  },
}
