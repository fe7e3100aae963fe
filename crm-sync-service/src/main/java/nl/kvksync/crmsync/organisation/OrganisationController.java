package nl.kvksync.crmsync.organisation;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.kvksync.crmsync.platform.ApiException;
import nl.kvksync.crmsync.platform.ApiException.FieldError;
import nl.kvksync.crmsync.platform.Caller;
import nl.kvksync.crmsync.platform.EnvironmentAccess;
import nl.kvksync.crmsync.platform.Roles;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * HTTP API of the CRM organisations of one environment. Every change publishes {@code OrganisationChanged} to
 * {@code crm.organisation-changed.v1} and, when it starts or ends a subscription, {@code SubscriptionChanged} to the
 * compacted {@code crm.subscriptions.v1} (key of both: environmentId:organisationId), through the outbox: written
 * with the change, sent after it, re-sent by the sweeper when a send failed. A change that changes nothing
 * publishes nothing. {@code crm-user} creates by hand, edits and deletes; {@code kvk-admin} creates from KvK and
 * links; every KvK Sync role reads. Another tenant's environment answers 404.
 */
@RestController
@RequestMapping("/environments/{env}")
@Tag(name = "Organisations", description = "The CRM organisations of an environment")
@SecurityRequirement(name = "bearer")
class OrganisationController {

    static final int MAX_PAGE_SIZE = 200;

    /** Body of POST :from-registration. */
    record FromRegistration(@Schema(example = "000038509504", requiredMode = Schema.RequiredMode.REQUIRED)
            String registrationKey, @Schema(example = "customer") String type) {
    }

    /** Body of POST {id}:link. */
    record Link(@Schema(example = "000038509504", requiredMode = Schema.RequiredMode.REQUIRED) String registrationKey) {
    }

    /** A page of organisations. */
    @Schema(name = "OrganisationPage")
    record PageView(List<OrganisationView> items, int page, int size, long total) {
    }

    private final OrganisationService organisations;

    OrganisationController(OrganisationService organisations) {
        this.organisations = organisations;
    }

    @PostMapping("/organisations")
    @PreAuthorize(Roles.EDIT)
    @Operation(summary = "Create an organisation by hand (not subscribed)", description = "Body: the fields of an "
            + "organisation (tradeName or statutoryName required) and its type; every field gets USER provenance.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = OrganisationView.class))))
    Mono<ResponseEntity<OrganisationView>> create(@PathVariable String env, @RequestBody JsonNode body) {
        return EnvironmentAccess.require(env).then(Caller.current())
                .flatMap(caller -> organisations.createByHand(env, body, caller))
                .map(created -> created(env, created));
    }

    @PostMapping("/organisations:from-registration")
    @PreAuthorize(Roles.ADMIN)
    @Operation(summary = "Create an organisation from a KvK registration (subscribed)", description = "Fetches the "
            + "registration from the register with the caller's token; every field gets KVK provenance. 409 "
            + "basic-module-off when the basic module is off, 409 already-linked when an organisation of this "
            + "environment holds the registration, 422 registration-not-found, 502 ingestor-unavailable.")
    Mono<ResponseEntity<OrganisationView>> createFromRegistration(@PathVariable String env,
            @RequestBody FromRegistration body) {
        return EnvironmentAccess.require(env).then(Caller.current())
                .flatMap(caller -> organisations.createFromRegistration(env, body.registrationKey(), body.type(), caller))
                .map(created -> created(env, created));
    }

    @GetMapping("/organisations")
    @PreAuthorize(Roles.READ)
    @Operation(summary = "List and search organisations", description = "q: part of the trade or statutory name, or "
            + "a KvK number; the other filters match exactly. Deleted organisations are not listed.")
    Mono<PageView> list(@PathVariable String env, @RequestParam(required = false) String q,
            @RequestParam(required = false) String kvkNummer, @RequestParam(required = false) String registrationKey,
            @RequestParam(required = false) @Parameter(schema = @Schema(allowableValues = {"ACTIVE", "FORMER"}))
            String status, @RequestParam(required = false) Boolean subscribed,
            @RequestParam(required = false) String type, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        List<FieldError> errors = new java.util.ArrayList<>();
        if (page < 0) {
            errors.add(new FieldError("page", "must be 0 or more"));
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            errors.add(new FieldError("size", "must be between 1 and " + MAX_PAGE_SIZE));
        }
        if (status != null && !List.of("ACTIVE", "FORMER").contains(status)) {
            errors.add(new FieldError("status", "must be ACTIVE or FORMER"));
        }
        if (!errors.isEmpty()) {
            return Mono.error(ApiException.validation(errors));
        }
        return EnvironmentAccess.require(env)
                .then(organisations.list(env, new OrganisationStore.Criteria(q, kvkNummer, registrationKey, status,
                        subscribed, type), page, size))
                .map(p -> new PageView(p.items().stream().map(OrganisationView::of).toList(), page, size, p.total()));
    }

    @GetMapping("/organisations/{organisationId}")
    @PreAuthorize(Roles.READ)
    @Operation(summary = "One organisation", description = "ETag: its version")
    Mono<ResponseEntity<OrganisationView>> get(@PathVariable String env, @PathVariable String organisationId) {
        return EnvironmentAccess.require(env).then(organisations.get(env, organisationId)).map(OrganisationController::ok);
    }

    @PatchMapping(value = "/organisations/{organisationId}", consumes = {"application/merge-patch+json", "application/json"})
    @PreAuthorize(Roles.EDIT)
    @Operation(summary = "Edit fields (JSON merge patch)", description = "Members set a field, null clears it; changed "
            + "synced fields get USER provenance (who and when), keeping KvK's value at the last sync. If-Match: the "
            + "version the edit is based on (412 version-mismatch when the organisation moved on).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = OrganisationView.class))))
    Mono<ResponseEntity<OrganisationView>> patch(@PathVariable String env, @PathVariable String organisationId,
            @RequestBody JsonNode patch, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Long version;
        try {
            version = parseIfMatch(ifMatch);
        } catch (ApiException e) {
            return Mono.error(e);
        }
        return EnvironmentAccess.require(env).then(Caller.current())
                .flatMap(caller -> organisations.patch(env, organisationId, patch, version, caller))
                .map(OrganisationController::ok);
    }

    @DeleteMapping("/organisations/{organisationId}")
    @PreAuthorize(Roles.EDIT)
    @Operation(summary = "Delete an organisation", description = "Ends its subscription; publishes DELETED")
    Mono<ResponseEntity<Void>> delete(@PathVariable String env, @PathVariable String organisationId,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Long version;
        try {
            version = parseIfMatch(ifMatch);
        } catch (ApiException e) {
            return Mono.error(e);
        }
        return EnvironmentAccess.require(env).then(Caller.current())
                .flatMap(caller -> organisations.delete(env, organisationId, version, caller))
                .thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping("/organisations/{organisationId}:link")
    @PreAuthorize(Roles.ADMIN)
    @Operation(summary = "Link to a KvK registration and subscribe", description = "Publishes SubscriptionChanged "
            + "with origin LINKED: the matcher then proposes an UPDATE that brings the fields in line with the "
            + "registration. 409 when the organisation is linked elsewhere or another organisation holds the link.")
    Mono<OrganisationView> link(@PathVariable String env, @PathVariable String organisationId,
            @RequestBody Link body) {
        return EnvironmentAccess.require(env).then(Caller.current())
                .flatMap(caller -> organisations.link(env, organisationId, body.registrationKey(), caller))
                .map(OrganisationView::of);
    }

    @PostMapping("/organisations/{organisationId}:unlink")
    @PreAuthorize(Roles.ADMIN)
    @Operation(summary = "Remove the KvK link", description = "Ends the subscription (active=false)")
    Mono<OrganisationView> unlink(@PathVariable String env, @PathVariable String organisationId) {
        return EnvironmentAccess.require(env).then(Caller.current())
                .flatMap(caller -> organisations.unlink(env, organisationId, caller)).map(OrganisationView::of);
    }

    @PostMapping("/organisations/{organisationId}:unsubscribe")
    @PreAuthorize(Roles.ADMIN)
    @Operation(summary = "Stop KvK updates, keep the link", description = "active=false; :link subscribes again")
    Mono<OrganisationView> unsubscribe(@PathVariable String env, @PathVariable String organisationId) {
        return EnvironmentAccess.require(env).then(Caller.current())
                .flatMap(caller -> organisations.unsubscribe(env, organisationId, caller)).map(OrganisationView::of);
    }

    @GetMapping("/organisations/{organisationId}/link-candidates")
    @PreAuthorize(Roles.ADMIN)
    @Operation(summary = "Registrations to link to, with score and reasons", description = "Searches the register "
            + "by vestigingsnummer, KvK number, and name + postcode; see LinkCandidates for the score")
    Mono<CandidatesView> candidates(@PathVariable String env, @PathVariable String organisationId) {
        return EnvironmentAccess.require(env).then(Caller.current())
                .flatMap(caller -> organisations.candidates(env, organisationId, caller));
    }

    private static ResponseEntity<OrganisationView> ok(OrganisationDocument d) {
        return ResponseEntity.ok().eTag("\"" + d.version() + "\"").body(OrganisationView.of(d));
    }

    private static ResponseEntity<OrganisationView> created(String env, OrganisationDocument d) {
        return ResponseEntity.created(URI.create("/environments/" + env + "/organisations/" + d.id()))
                .eTag("\"" + d.version() + "\"").body(OrganisationView.of(d));
    }

    static Long parseIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.validation(List.of(new FieldError("If-Match", "must be the organisation's version, "
                    + "as its ETag gives it (\"3\")")));
        }
    }
}
