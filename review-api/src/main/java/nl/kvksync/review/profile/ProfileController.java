package nl.kvksync.review.profile;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.kvksync.review.platform.Caller;
import nl.kvksync.review.platform.EnvironmentAccess;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Profiles and imports of an environment: CRUD on {@code /environments/{env}/profiles} (published to
 * review.profiles.v1, key environmentId:profileId), {@code profiles:preview} (the matcher's dry run, bearer token
 * forwarded), {@code profiles/{id}:import} (band-checked, publishes review.import-requested.v1) and
 * {@code imports/{importId}} (progress from matcher.import-progressed.v1). Changes need kvk-admin; reading,
 * kvk-viewer too; another environment answers 404.
 */
@RestController
@Tag(name = "profiles")
class ProfileController {

    private final ProfileService service;

    ProfileController(ProfileService service) {
        this.service = service;
    }

    @GetMapping("/environments/{env}/profiles")
    @PreAuthorize("hasAnyRole('kvk-admin','kvk-viewer')")
    @Operation(summary = "The profiles of an environment")
    Mono<List<ProfileViews.Profile>> list(@PathVariable String env) {
        return call(env, () -> service.list(env).stream().map(ProfileViews.Profile::of).toList());
    }

    @PostMapping("/environments/{env}/profiles")
    @PreAuthorize("hasRole('kvk-admin')")
    @Operation(summary = "Create a profile (validated: postcode digits 1000-9999 with from <= to, known SBI prefixes, "
            + "a non-empty include list)")
    Mono<ResponseEntity<ProfileViews.Profile>> create(@PathVariable String env, @RequestBody Map<String, Object> body,
            @AuthenticationPrincipal Jwt jwt) {
        return call(env, () -> ResponseEntity.status(HttpStatus.CREATED)
                .body(ProfileViews.Profile.of(service.create(env, body, Caller.of(jwt)))));
    }

    @GetMapping("/environments/{env}/profiles/{profileId}")
    @PreAuthorize("hasAnyRole('kvk-admin','kvk-viewer')")
    @Operation(summary = "One profile")
    Mono<ProfileViews.Profile> get(@PathVariable String env, @PathVariable String profileId) {
        return call(env, () -> ProfileViews.Profile.of(service.get(env, profileId)));
    }

    @PutMapping("/environments/{env}/profiles/{profileId}")
    @PreAuthorize("hasRole('kvk-admin')")
    @Operation(summary = "Change a profile (optional version for optimistic locking)")
    Mono<ProfileViews.Profile> update(@PathVariable String env, @PathVariable String profileId,
            @RequestBody Map<String, Object> body, @AuthenticationPrincipal Jwt jwt) {
        return call(env, () -> ProfileViews.Profile.of(service.update(env, profileId, body, Caller.of(jwt))));
    }

    @DeleteMapping("/environments/{env}/profiles/{profileId}")
    @PreAuthorize("hasRole('kvk-admin')")
    @Operation(summary = "Delete a profile (published with deleted=true)")
    Mono<ResponseEntity<Void>> delete(@PathVariable String env, @PathVariable String profileId,
            @AuthenticationPrincipal Jwt jwt) {
        return call(env, () -> {
            service.delete(env, profileId, Caller.of(jwt));
            return ResponseEntity.noContent().build();
        });
    }

    @PostMapping("/environments/{env}/profiles:preview")
    @PreAuthorize("hasRole('kvk-admin')")
    @Operation(summary = "Dry run of a profile through the matcher: {selected, alreadySubscribed, sample, "
            + "bySbiSection, byPostcodeRegion, band, withinBand}")
    Mono<Map<String, Object>> preview(@PathVariable String env, @RequestBody Map<String, Object> body,
            @AuthenticationPrincipal Jwt jwt) {
        return call(env, () -> service.preview(env, body, Caller.of(jwt)));
    }

    @PostMapping("/environments/{env}/profiles/{profileId}:import")
    @PreAuthorize("hasRole('kvk-admin')")
    @Operation(summary = "Import the profile's selection as NEW proposals; refused (422) outside the band")
    Mono<ResponseEntity<ProfileViews.Import>> startImport(@PathVariable String env, @PathVariable String profileId,
            @AuthenticationPrincipal Jwt jwt) {
        return call(env, () -> ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(ProfileViews.Import.of(service.startImport(env, profileId, Caller.of(jwt)))));
    }

    @GetMapping("/environments/{env}/imports/{importId}")
    @PreAuthorize("hasAnyRole('kvk-admin','kvk-viewer')")
    @Operation(summary = "An import's progress")
    Mono<ProfileViews.Import> getImport(@PathVariable String env, @PathVariable String importId) {
        return call(env, () -> ProfileViews.Import.of(service.findImport(env, importId)));
    }

    @GetMapping("/environments/{env}/imports")
    @PreAuthorize("hasAnyRole('kvk-admin','kvk-viewer')")
    @Operation(summary = "The latest imports of an environment")
    Mono<List<ProfileViews.Import>> imports(@PathVariable String env) {
        return call(env, () -> service.imports(env).stream().map(ProfileViews.Import::of).toList());
    }

    private static <T> Mono<T> call(String env, java.util.concurrent.Callable<T> work) {
        return EnvironmentAccess.require(env).then(Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic()));
    }
}
