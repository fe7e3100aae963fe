package nl.kvksync.crmsync.platform;

import nl.kvksync.contracts.AccessClaims;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * The tenant rule: a token names the environments it may touch. A request for any other environment answers
 * 404, exactly as for an environment that does not exist, so a caller learns nothing about other tenants.
 */
public final class EnvironmentAccess {

    private EnvironmentAccess() {
    }

    /** Completes when the caller may touch {@code environmentId}; errors with 404 otherwise. */
    public static Mono<Void> require(String environmentId) {
        return ReactiveSecurityContextHolder.getContext()
                .map(context -> context.getAuthentication())
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(auth -> AccessClaims.allowsEnvironment(
                        ((JwtAuthenticationToken) auth).getToken().getClaimAsStringList(AccessClaims.ENVIRONMENTS),
                        environmentId))
                .defaultIfEmpty(false)
                .flatMap(allowed -> allowed ? Mono.<Void>empty() : Mono.error(notFound(environmentId)));
    }

    /** The answer for an environment that does not exist or that the caller may not see: the same 404 for both. */
    public static ApiException notFound(String environmentId) {
        return ApiException.notFound("environment-not-found", "environment " + environmentId + " not found");
    }
}
