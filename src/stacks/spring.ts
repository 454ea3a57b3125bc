import { dqString, lines } from './code.ts'
import type { Stack } from './types.ts'

const args = (items: readonly string[]) => items.map(dqString).join(', ')

export const spring: Stack = {
  id: 'spring',
  name: 'Spring Boot (CorsRegistry, @CrossOrigin)',
  aliases: ['spring-boot', 'spring-mvc', 'java', 'crossorigin'],
  proof: { proven: false, why: 'no JDK or Maven repository here; the fix follows the Spring Framework 6 reference' },
  placement: 'a @Configuration class of its own, beside the application class (or the same options on @CrossOrigin on a controller)',
  configure: (policy) => {
    const { origins } = policy
    const chain = lines(
      'import org.springframework.context.annotation.Configuration;',
      'import org.springframework.web.servlet.config.annotation.CorsRegistry;',
      'import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;',
      '',
      '@Configuration',
      'public class CorsConfig implements WebMvcConfigurer {',
      '  @Override',
      '  public void addCorsMappings(CorsRegistry registry) {',
      '    registry.addMapping("/**")',
      // allowedOriginPatterns("*") reflects every origin; allowedOrigins("*") sends * (and refuses credentials at start-up).
      origins === 'any' ? '        .allowedOriginPatterns("*")' : `        .allowedOrigins(${args(Array.isArray(origins) ? origins : ['*'])})`,
      policy.methods !== null && `        .allowedMethods(${args(policy.methods === '*' ? ['*'] : policy.methods)})`,
      policy.allowHeaders !== null && `        .allowedHeaders(${args(policy.allowHeaders === '*' ? ['*'] : policy.allowHeaders)})`,
      (policy.exposeHeaders === '*' || policy.exposeHeaders.length > 0) && `        .exposedHeaders(${args(policy.exposeHeaders === '*' ? ['*'] : policy.exposeHeaders)})`,
      policy.credentials && '        .allowCredentials(true)',
      policy.maxAge !== undefined && `        .maxAge(${policy.maxAge})`,
    )
    return `${chain};\n  }\n}`
  },
  traps: {
    order:
      'With Spring Security, also call `http.cors(Customizer.withDefaults())` in the SecurityFilterChain: otherwise the security filters answer the preflight 401 or 403 before Spring MVC\'s CORS handling runs.',
    defaults:
      '`allowedOrigins("*")` with `allowCredentials(true)` fails at start-up; `allowedOriginPatterns("*")` with it reflects every origin and lets any site read the answers with the user\'s cookies. `allowedMethods` defaults to GET, HEAD and POST.',
    errors: 'A preflight whose origin, method or headers are not allowed gets 403 "Invalid CORS request"; error pages rendered by the /error controller go through the same mappings.',
  },
}
