package nl.kvksync.review.platform;

import java.nio.charset.StandardCharsets;

import nl.kvksync.contracts.AccessClaims;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * OAuth2 resource server: every API call carries a JWT signed by the configured issuer key. The token's
 * {@code roles} become authorities {@code ROLE_<role>}; its {@code environments} limit which tenants it may
 * touch ({@link EnvironmentAccess}). Health probes, metrics, the OpenAPI document and the web UI's static files
 * are open (the UI's API calls carry the token). 401 and 403 answer {@code application/problem+json}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableReactiveMethodSecurity
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .authorizeExchange(exchange -> exchange
                        .pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**", "/webjars/**").permitAll()
                        .pathMatchers(HttpMethod.GET, "/", "/index.html", "/app/**", "/favicon.ico").permitAll()
                        .anyExchange().authenticated())
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((exchange, e) -> write(exchange, HttpStatus.UNAUTHORIZED,
                                "unauthorized", "Unauthorized",
                                "a valid bearer token is required (Authorization: Bearer <jwt>): " + e.getMessage()))
                        .accessDeniedHandler((exchange, e) -> write(exchange, HttpStatus.FORBIDDEN, "forbidden",
                                "Forbidden", "your token's roles do not allow this")))
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(authentication()))
                        .authenticationEntryPoint((exchange, e) -> write(exchange, HttpStatus.UNAUTHORIZED,
                                "unauthorized", "Unauthorized",
                                "a valid bearer token is required (Authorization: Bearer <jwt>): " + e.getMessage()))
                        .accessDeniedHandler((exchange, e) -> write(exchange, HttpStatus.FORBIDDEN, "forbidden",
                                "Forbidden", "your token's roles do not allow this")))
                .build();
    }

    static Converter<Jwt, Mono<AbstractAuthenticationToken>> authentication() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(AccessClaims.ROLES);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return new ReactiveJwtAuthenticationConverterAdapter(converter);
    }

    private static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String slug, String title,
            String detail) {
        var response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        String body = "{\"type\":\"" + ProblemHandling.TYPE_BASE + slug + "\",\"title\":\"" + title
                + "\",\"status\":" + status.value() + ",\"detail\":" + quote(detail) + ",\"instance\":"
                + quote(exchange.getRequest().getPath().value()) + "}";
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
