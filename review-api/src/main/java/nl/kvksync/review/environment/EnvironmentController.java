package nl.kvksync.review.environment;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.kvksync.review.platform.EnvironmentAccess;
import nl.kvksync.review.platform.ProblemException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The environments a token may see ({@code GET /environments}) and one of them ({@code GET /environments/{env}}),
 * from crm.environments.v1. Read-only: kvk-viewer or kvk-admin; an environment the token does not name answers 404.
 */
@RestController
@Tag(name = "environments")
@PreAuthorize("hasAnyRole('kvk-admin','kvk-viewer')")
class EnvironmentController {

    private final EnvironmentDirectory directory;

    EnvironmentController(EnvironmentDirectory directory) {
        this.directory = directory;
    }

    @GetMapping("/environments")
    @Operation(summary = "The environments this token may touch that crm-sync has announced")
    Mono<List<EnvironmentDirectory.Environment>> list(@AuthenticationPrincipal Jwt jwt) {
        JwtAuthenticationToken token = new JwtAuthenticationToken(jwt);
        return Mono.fromCallable(() -> directory.all().stream()
                .filter(e -> !e.deleted() && EnvironmentAccess.allows(token, e.environmentId())).toList())
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/environments/{env}")
    @Operation(summary = "One environment: name, modules, organisation types")
    Mono<EnvironmentDirectory.Environment> get(@PathVariable String env) {
        return EnvironmentAccess.require(env).then(Mono.fromCallable(() -> directory.find(env)
                .filter(e -> !e.deleted())
                .orElseThrow(() -> ProblemException.notFound("environment", "environment " + env
                        + " is not known (crm-sync has not announced it)")))
                .subscribeOn(Schedulers.boundedElastic()));
    }
}
