import { dqList, dqString, lines } from './code.ts'
import type { Stack } from './types.ts'

export const flask: Stack = {
  id: 'flask',
  name: 'Flask (flask-cors)',
  aliases: ['flask-cors', 'werkzeug'],
  proof: { proven: true, how: "Flask 2.2 with flask-cors 3.0 (Debian's), in real Chromium" },
  placement: 'right after `app = Flask(__name__)`, before the routes',
  configure: (policy) => {
    const { origins } = policy
    const args = [
      'app',
      // flask-cors reflects the request's origin for origins="*" unless send_wildcard=True.
      origins === 'any' ? 'origins="*"' : origins === '*' ? 'origins="*", send_wildcard=True' : `origins=${dqList(origins)}`,
      policy.credentials && 'supports_credentials=True',
      policy.methods !== null && `methods=${policy.methods === '*' ? dqString('*') : dqList(policy.methods)}`,
      policy.allowHeaders !== null && `allow_headers=${policy.allowHeaders === '*' ? dqString('*') : dqList(policy.allowHeaders)}`,
      (policy.exposeHeaders === '*' || policy.exposeHeaders.length > 0) && `expose_headers=${policy.exposeHeaders === '*' ? dqString('*') : dqList(policy.exposeHeaders)}`,
      policy.maxAge !== undefined && `max_age=${policy.maxAge}`,
      !policy.answersPreflight && 'automatic_options=False',
    ].filter((a): a is string => typeof a === 'string')
    // flask-cors sends Vary: Origin only when more than one origin (or a pattern) is listed.
    const vary = Array.isArray(origins) && origins.length === 1
    return lines(
      'from flask_cors import CORS',
      '',
      `CORS(${args.join(', ')})`,
      vary && '\n\n@app.after_request\ndef vary_on_origin(response):\n    response.vary.add("Origin")  # flask-cors adds it only for two origins or more\n    return response',
    )
  },
  traps: {
    defaults:
      '`CORS(app)` and `CORS(app, origins="*")` reflect every origin (flask-cors sends the request\'s origin, not `*`, unless `send_wildcard=True`); with `supports_credentials=True` any site can read the answers with the user\'s cookies. An origin with regex characters is a pattern matched by `re.match`: anchor it with `$` and escape the dots, or `r"https://.*\\.example\\.com"` also matches `https://x.example.com.evil.test`.',
    order:
      "An auth check in `before_request` also refuses the OPTIONS preflight, which carries no cookies or Authorization: return early for `request.method == 'OPTIONS'`.",
    'preflight-redirect':
      'A route declared with a trailing slash (`/items/`) answers `/items` with a 308 redirect, and browsers refuse a redirected preflight: call the URL exactly as the route is declared.',
    errors: 'flask-cors adds its headers in `after_request`, so error handlers keep them; a 502 or 504 from a proxy or gunicorn in front does not.',
  },
}
