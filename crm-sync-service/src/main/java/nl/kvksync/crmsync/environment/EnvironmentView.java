package nl.kvksync.crmsync.environment;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** An environment as the API shows it. */
@Schema(name = "Environment", description = "A CRM environment (tenant) with its KvK modules and organisation types")
record EnvironmentView(
        @Schema(example = "acme") String environmentId,
        @Schema(example = "Acme BV") String name,
        @Schema(description = "KvK register search and create-from-KvK") boolean basicModule,
        @Schema(description = "proposals from the weekly feed and profiles; requires the basic module") boolean advancedModule,
        @Schema(description = "the organisation types of this environment; empty: any type", example = "[\"customer\",\"prospect\"]")
        List<String> organisationTypes,
        long version, Instant createdAt, Instant updatedAt) {

    static EnvironmentView of(EnvironmentDocument d) {
        return new EnvironmentView(d.id(), d.name(), d.basicModule(), d.advancedModule(), d.organisationTypes(),
                d.version(), d.createdAt(), d.updatedAt());
    }
}
