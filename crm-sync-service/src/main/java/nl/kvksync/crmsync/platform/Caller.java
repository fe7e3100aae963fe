package nl.kvksync.crmsync.platform;

import java.util.List;

import nl.kvksync.contracts.AccessClaims;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Who is calling: the token's subject (recorded as {@code changedBy} and {@code actor}), its raw value (forwarded
 * to the ingestor) and the environments it names.
 */
public record Caller(String subject, String bearerToken, List<String> environments) {

    public static Mono<Caller> current() {
        return ReactiveSecurityContextHolder.getContext()
                .map(context -> context.getAuthentication())
                .filter(JwtAuthenticationToken.class::isInstance)
                .cast(JwtAuthenticationToken.class)
                .map(auth -> new Caller(auth.getToken().getSubject(), auth.getToken().getTokenValue(),
                        auth.getToken().getClaimAsStringList(AccessClaims.ENVIRONMENTS)));
    }

    public boolean allows(String environmentId) {
        return AccessClaims.allowsEnvironment(environments, environmentId);
    }
}
