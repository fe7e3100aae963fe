package nl.kvksync.crmsync.environment;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.kvksync.crmsync.platform.ApiException;
import nl.kvksync.crmsync.platform.Caller;
import nl.kvksync.crmsync.platform.EnvironmentAccess;
import nl.kvksync.crmsync.platform.Roles;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * HTTP API of environments. Publishes {@code EnvironmentChanged} to the compacted {@code crm.environments.v1}
 * (key: environmentId) on every real change, through the outbox (a failed publish is retried by the sweeper; a
 * switch to the same modules publishes nothing). Writes need {@code kvk-admin}; reads any KvK Sync role. An
 * environment the token does not name answers 404, as one that does not exist.
 */
@RestController
@RequestMapping("/environments")
@Tag(name = "Environments", description = "CRM environments (tenants), their KvK modules and organisation types")
@SecurityRequirement(name = "bearer")
class EnvironmentController {

    /** Body of POST /environments. */
    record CreateEnvironment(@Schema(example = "acme", requiredMode = Schema.RequiredMode.REQUIRED) String environmentId,
            @Schema(example = "Acme BV") String name, Boolean basicModule, Boolean advancedModule,
            List<String> organisationTypes) {
    }

    /** Body of PUT /environments/{env}/modules: a null leaves that module as it is. */
    record SwitchModules(Boolean basic, Boolean advanced) {
    }

    /** Body of PUT /environments/{env}/organisation-types. */
    record OrganisationTypes(List<String> organisationTypes) {
    }

    private final Environments environments;

    EnvironmentController(Environments environments) {
        this.environments = environments;
    }

    @GetMapping
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The environments the token names")
    Flux<EnvironmentView> list() {
        return Caller.current().flatMapMany(caller -> environments.all().filter(e -> caller.allows(e.id())))
                .map(EnvironmentView::of);
    }

    @PostMapping
    @PreAuthorize(Roles.ADMIN)
    @Operation(summary = "Create an environment", description = "409 when it exists; 400 when the advanced module is "
            + "asked without the basic one")
    Mono<ResponseEntity<EnvironmentView>> create(@RequestBody CreateEnvironment body) {
        var errors = EnvironmentRules.validateNew(body.environmentId(), body.name(), body.basicModule(),
                body.advancedModule(), body.organisationTypes());
        if (!errors.isEmpty()) {
            return Mono.error(ApiException.validation(errors));
        }
        return EnvironmentAccess.require(body.environmentId())
                .then(Caller.current())
                .flatMap(caller -> environments.create(body.environmentId(), body.name(),
                        Boolean.TRUE.equals(body.basicModule()), Boolean.TRUE.equals(body.advancedModule()),
                        body.organisationTypes(), caller.subject()))
                .map(created -> ResponseEntity.created(URI.create("/environments/" + created.id()))
                        .body(EnvironmentView.of(created)));
    }

    @GetMapping("/{env}")
    @PreAuthorize(Roles.READ)
    @Operation(summary = "One environment")
    Mono<EnvironmentView> get(@PathVariable String env) {
        return EnvironmentAccess.require(env).then(environments.require(env)).map(EnvironmentView::of);
    }

    @PutMapping("/{env}/modules")
    @PreAuthorize(Roles.ADMIN)
    @Operation(summary = "Switch the KvK modules", description = "advanced requires basic; basic off switches advanced "
            + "off (the matcher then makes no new proposals for this environment); 422 module-rule otherwise")
    Mono<EnvironmentView> switchModules(@PathVariable String env, @RequestBody SwitchModules body) {
        return EnvironmentAccess.require(env).then(environments.switchModules(env, body.basic(), body.advanced()))
                .map(EnvironmentView::of);
    }

    @PutMapping("/{env}/organisation-types")
    @PreAuthorize(Roles.ADMIN)
    @Operation(summary = "Set the organisation types", description = "customer, prospect, ...; an empty list accepts any type")
    Mono<EnvironmentView> setOrganisationTypes(@PathVariable String env, @RequestBody OrganisationTypes body) {
        List<String> types = body.organisationTypes() == null ? List.of() : body.organisationTypes();
        var errors = EnvironmentRules.validateTypes("organisationTypes", types);
        if (!errors.isEmpty()) {
            return Mono.error(ApiException.validation(errors));
        }
        return EnvironmentAccess.require(env).then(environments.setOrganisationTypes(env, types))
                .map(EnvironmentView::of);
    }

}
