package nl.kvksync.crmsync.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.EnvironmentChanged;
import nl.kvksync.crmsync.support.CrmSyncIT;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class EnvironmentApiIT extends CrmSyncIT {

    @Test
    void createsAnEnvironmentAndPublishesItOnTheCompactedTopic() {
        String env = newEnvironmentId();
        http.post().uri("/environments").header("Authorization", bearer(ADMIN, env))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("environmentId", env, "name", "Acme", "basicModule", true, "advancedModule", true,
                        "organisationTypes", List.of("customer", "prospect")))
                .exchange().expectStatus().isCreated()
                .expectHeader().valueEquals("Location", "/environments/" + env)
                .expectBody().jsonPath("$.environmentId").isEqualTo(env)
                .jsonPath("$.advancedModule").isEqualTo(true)
                .jsonPath("$.organisationTypes[1]").isEqualTo("prospect")
                .jsonPath("$.version").isEqualTo(1);

        EnvironmentChanged event = events().awaitOne(Topics.ENVIRONMENTS, EnvironmentChanged.class,
                e -> e.getEnvironmentId().equals(env));
        assertThat(event.getBasicModule()).isTrue();
        assertThat(event.getAdvancedModule()).isTrue();
        assertThat(event.getOrganisationTypes()).containsExactly("customer", "prospect");
        assertThat(event.getVersion()).isEqualTo(1);
        assertThat(events().all(Topics.ENVIRONMENTS)).filteredOn(e -> env.equals(e.key())).hasSize(1);

        http.get().uri("/environments/" + env).header("Authorization", bearer(VIEWER, env)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("Acme");
    }

    @Test
    void listsOnlyTheEnvironmentsTheTokenNames() {
        String mine = environment(true, false);
        String other = environment(true, false);

        http.get().uri("/environments").header("Authorization", bearer(USER, mine)).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.environmentId == '" + mine + "')]").exists()
                .jsonPath("$[?(@.environmentId == '" + other + "')]").doesNotExist();
        http.get().uri("/environments").header("Authorization", bearer(VIEWER, "*")).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.environmentId == '" + other + "')]").exists();
    }

    @Test
    void advancedRequiresBasicAndSwitchingBasicOffSwitchesAdvancedOff() {
        String env = environment(false, false);

        modules(env, Map.of("advanced", true)).expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/module-rule")
                .jsonPath("$.detail").isEqualTo("the advanced module requires the basic module");
        modules(env, Map.of("basic", true, "advanced", true)).expectStatus().isOk()
                .expectBody().jsonPath("$.advancedModule").isEqualTo(true).jsonPath("$.version").isEqualTo(2);
        modules(env, Map.of("basic", false)).expectStatus().isOk()
                .expectBody().jsonPath("$.basicModule").isEqualTo(false)
                .jsonPath("$.advancedModule").isEqualTo(false).jsonPath("$.version").isEqualTo(3);
        modules(env, Map.of("basic", false, "advanced", true)).expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);

        List<EnvironmentChanged> published = events().awaitCount(Topics.ENVIRONMENTS, EnvironmentChanged.class,
                e -> e.getEnvironmentId().equals(env), 3);
        assertThat(published).extracting(EnvironmentChanged::getVersion).containsExactly(1L, 2L, 3L);
        assertThat(published.get(2).getAdvancedModule()).as("the matcher learns advanced is off").isFalse();

        modules(env, Map.of("basic", false)).expectStatus().isOk().expectBody().jsonPath("$.version").isEqualTo(3);
        http.get().uri("/environments/" + env).header("Authorization", bearer(ADMIN, env)).exchange()
                .expectBody().jsonPath("$.version").isEqualTo(3);
        assertThat(events().values(Topics.ENVIRONMENTS, EnvironmentChanged.class, e -> e.getEnvironmentId().equals(env)))
                .as("a switch that changes nothing publishes nothing").hasSize(3);
    }

    @Test
    void organisationTypesAreConfigurablePerEnvironment() {
        String env = environment(true, true, "customer");
        http.put().uri("/environments/" + env + "/organisation-types").header("Authorization", bearer(ADMIN, env))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("organisationTypes", List.of("customer", "prospect", "supplier")))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.organisationTypes.length()").isEqualTo(3);
        events().awaitOne(Topics.ENVIRONMENTS, EnvironmentChanged.class,
                e -> e.getEnvironmentId().equals(env) && e.getOrganisationTypes().contains("supplier"));

        http.put().uri("/environments/" + env + "/organisation-types").header("Authorization", bearer(ADMIN, env))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("organisationTypes", List.of("customer", "customer", " ")))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("organisationTypes[1]")
                .jsonPath("$.errors[1].field").isEqualTo("organisationTypes[2]");
    }

    @Test
    void refusesBadInputWithASpecificProblemAndChangesNothing() {
        String env = newEnvironmentId();
        http.post().uri("/environments").header("Authorization", bearer(ADMIN, "*"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("environmentId", "no:colons here", "basicModule", false, "advancedModule", true))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/validation")
                .jsonPath("$.errors[0].field").isEqualTo("environmentId")
                .jsonPath("$.errors[1].field").isEqualTo("advancedModule");
        http.post().uri("/environments").header("Authorization", bearer(ADMIN, env))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"environmentId\": ")
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/malformed-request");
        http.get().uri("/environments/" + env).header("Authorization", bearer(ADMIN, env)).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/environment-not-found");

        String existing = environment(true, false);
        http.post().uri("/environments").header("Authorization", bearer(ADMIN, existing))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("environmentId", existing))
                .exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/environment-exists");
        http.get().uri("/environments/" + existing).header("Authorization", bearer(ADMIN, existing)).exchange()
                .expectBody().jsonPath("$.basicModule").isEqualTo(true).jsonPath("$.version").isEqualTo(1);
    }

    @Test
    void everyEndpointAnswers401WithoutToken403WithoutTheRoleAnd404ForAnotherTenant() {
        String env = environment(true, false);
        String other = environment(true, false);
        record Call(HttpMethod method, String path, Object body, boolean write) {
        }
        List<Call> calls = List.of(
                new Call(HttpMethod.GET, "/environments", null, false),
                new Call(HttpMethod.POST, "/environments", Map.of("environmentId", newEnvironmentId()), true),
                new Call(HttpMethod.GET, "/environments/" + env, null, false),
                new Call(HttpMethod.PUT, "/environments/" + env + "/modules", Map.of("basic", false), true),
                new Call(HttpMethod.PUT, "/environments/" + env + "/organisation-types",
                        Map.of("organisationTypes", List.of("x")), true));
        for (Call call : calls) {
            exchange(call.method(), call.path(), call.body(), null).expectStatus().isUnauthorized();
            if (call.write()) {
                exchange(call.method(), call.path(), call.body(), bearer(VIEWER, "*")).expectStatus().isForbidden()
                        .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/forbidden");
                exchange(call.method(), call.path(), call.body(), bearer(USER, "*")).expectStatus().isForbidden();
            }
            if (!call.path().equals("/environments")) {
                exchange(call.method(), call.path(), call.body(), bearer(ADMIN, other)).expectStatus().isNotFound();
            }
        }
        exchange(HttpMethod.POST, "/environments", Map.of("environmentId", newEnvironmentId()), bearer(ADMIN, other))
                .expectStatus().isNotFound();
        http.get().uri("/environments/" + env).header("Authorization", bearer(ADMIN, env)).exchange()
                .expectBody().jsonPath("$.basicModule").isEqualTo(true).jsonPath("$.version").isEqualTo(1);
    }

    private WebTestClient.ResponseSpec modules(String env, Map<String, Object> body) {
        return exchange(HttpMethod.PUT, "/environments/" + env + "/modules", body, bearer(ADMIN, env));
    }

    private WebTestClient.ResponseSpec exchange(HttpMethod method, String path, Object body, String token) {
        var spec = http.method(method).uri(path);
        if (token != null) {
            spec = spec.header("Authorization", token);
        }
        return body == null ? spec.exchange()
                : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
