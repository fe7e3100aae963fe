package nl.kvksync.matcher.preview;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.kvksync.matcher.platform.EnvironmentAccess;
import nl.kvksync.matcher.routing.MatcherTopology;
import nl.kvksync.matcher.streams.MatcherStreams;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The profile dry run: {@code POST /environments/{env}/profiles:preview}, role kvk-admin or kvk-viewer and the
 * environment in the token. Reads the in-heap register index (kept current from kvk.registrations.v1) and the
 * subscriptions of the environment; changes nothing. Bad profiles answer 400 problem+json naming each field.
 */
@RestController
@Tag(name = "profiles", description = "Dry runs of import profiles over the whole register")
class ProfilePreviewController {

    private final ProfilePreview preview;

    ProfilePreviewController(MatcherTopology.State state, MatcherStreams streams, PreviewProperties properties) {
        this.preview = new ProfilePreview(state.index(), state.subscribed(), streams::snapshot, properties);
    }

    @PostMapping(path = "/environments/{env}/profiles:preview", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('kvk-admin', 'kvk-viewer')")
    @Operation(summary = "Count what a profile selects out of the whole register",
            security = @SecurityRequirement(name = "bearer"),
            responses = {@ApiResponse(responseCode = "200", description = "the dry run"),
                    @ApiResponse(responseCode = "400", description = "invalid profile (problem+json, errors[])"),
                    @ApiResponse(responseCode = "403", description = "neither kvk-admin nor kvk-viewer"),
                    @ApiResponse(responseCode = "404", description = "environment not in the token")})
    Mono<PreviewResult> preview(@PathVariable("env") String env, @RequestBody ProfileBody body) {
        return EnvironmentAccess.require(env)
                .then(Mono.fromCallable(() -> preview.preview(env, body.toSpec()))
                        .subscribeOn(Schedulers.boundedElastic()));
    }
}
