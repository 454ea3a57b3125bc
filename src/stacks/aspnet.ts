import { dqString, lines } from './code.ts'
import type { Stack } from './types.ts'

const args = (items: readonly string[]) => items.map(dqString).join(', ')

export const aspnet: Stack = {
  id: 'aspnet',
  name: 'ASP.NET Core (AddCors / UseCors)',
  aliases: ['aspnetcore', 'asp.net', 'dotnet', 'kestrel'],
  proof: { proven: false, why: 'no .NET SDK here; the fix follows the ASP.NET Core 8 documentation' },
  placement: '`AddCors` before `var app = builder.Build()`; `app.UseCors("frontend")` right after it, after `UseRouting` and before `UseAuthentication`, `UseAuthorization` and the endpoints',
  configure: (policy) => {
    const { origins } = policy
    return lines(
      'builder.Services.AddCors(options => options.AddPolicy("frontend", policy => policy',
      origins === 'any' ? '    .SetIsOriginAllowed(origin => true)' : origins === '*' ? '    .AllowAnyOrigin()' : `    .WithOrigins(${args(origins)})`,
      policy.methods === null ? null : policy.methods === '*' ? '    .AllowAnyMethod()' : `    .WithMethods(${args(policy.methods)})`,
      policy.allowHeaders === null ? null : policy.allowHeaders === '*' ? '    .AllowAnyHeader()' : `    .WithHeaders(${args(policy.allowHeaders)})`,
      (policy.exposeHeaders === '*' || policy.exposeHeaders.length > 0) && `    .WithExposedHeaders(${args(policy.exposeHeaders === '*' ? ['*'] : policy.exposeHeaders)})`,
      policy.credentials && '    .AllowCredentials()',
      policy.maxAge !== undefined && `    .SetPreflightMaxAge(TimeSpan.FromSeconds(${policy.maxAge}))`,
      '));',
      '',
      '// after var app = builder.Build():',
      'app.UseCors("frontend");',
    )
  },
  traps: {
    order:
      '`UseCors` must come after `UseRouting` and before `UseAuthentication`, `UseAuthorization` and `UseResponseCaching`: later, the auth middleware refuses the preflight (401) first.',
    defaults:
      '`AllowAnyOrigin()` with `AllowCredentials()` throws at start-up; `SetIsOriginAllowed(_ => true)` with `AllowCredentials()` reflects every origin and lets any site read the answers with the user\'s cookies.',
    errors: 'An exception handled by `UseExceptionHandler` placed before `UseCors` answers without CORS headers; place the exception handler first so its answer passes back through UseCors.',
  },
}
