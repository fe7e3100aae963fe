package nl.kvksync.crmsync.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.ChangeSource;
import nl.kvksync.contracts.crm.FieldChange;
import nl.kvksync.contracts.crm.OrganisationChangeKind;
import nl.kvksync.contracts.crm.OrganisationChanged;
import nl.kvksync.contracts.crm.SubscriptionChanged;
import nl.kvksync.contracts.crm.SubscriptionOrigin;
import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.crmsync.support.CrmSyncIT;
import nl.kvksync.crmsync.support.Registrations;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

class OrganisationApiIT extends CrmSyncIT {

    @Test
    void aUserCreatesAnOrganisationByHandEditsItWithUserProvenanceAndDeletesIt() {
        String env = environment(false, false, "customer", "prospect");
        JsonNode created = call(HttpMethod.POST, "/environments/" + env + "/organisations", bearer(USER, env),
                Map.of("type", "customer", "tradeName", "Bakkerij de Boer", "phone", "073 612 3456",
                        "rsin", "992760562", "visitingAddress", Map.of("street", "Markt", "houseNumber", 1,
                                "postcode", "5211 ab", "city", "'s-Hertogenbosch")))
                .expectStatus().isCreated().expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String id = created.get("organisationId").asString();
        assertThat(created.get("subscribed").booleanValue()).isFalse();
        assertThat(created.get("visitingAddress").get("postcode").asString()).isEqualTo("5211AB");
        assertThat(created.get("phone").asString()).isEqualTo("+31736123456");
        assertThat(created.get("display").get("visitingAddress").asString())
                .isEqualTo("Markt 1, 5211AB 's-Hertogenbosch");
        assertThat(created.get("provenance").get("tradeName").get("source").asString()).isEqualTo("USER");
        assertThat(created.get("provenance").get("tradeName").get("changedBy").asString()).isEqualTo("test-crm-user");
        OrganisationChanged createdEvent = changed(id, OrganisationChangeKind.CREATED);
        assertThat(createdEvent.getSource()).isEqualTo(ChangeSource.USER);
        assertThat(createdEvent.getActor()).isEqualTo("test-crm-user");
        assertThat(createdEvent.getDecisionId()).isNull();

        http.get().uri("/environments/{env}/organisations?q=BOER", env).header("Authorization", bearer(VIEWER, env))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(1).jsonPath("$.items[0].organisationId").isEqualTo(id);
        http.get().uri("/environments/{env}/organisations?kvkNummer=12345678", env)
                .header("Authorization", bearer(VIEWER, env)).exchange().expectBody().jsonPath("$.total").isEqualTo(0);

        call(HttpMethod.PATCH, "/environments/" + env + "/organisations/" + id, bearer(USER, env),
                Map.of("website", "bakkerijdeboer.nl", "employees", 4, "type", "prospect"), "\"1\"")
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"2\"").expectBody()
                .jsonPath("$.website").isEqualTo("https://bakkerijdeboer.nl").jsonPath("$.type").isEqualTo("prospect")
                .jsonPath("$.provenance.website.source").isEqualTo("USER");
        OrganisationChanged updated = changed(id, OrganisationChangeKind.UPDATED);
        assertThat(updated.getChanges()).containsExactly(new FieldChange("website", null, "https://bakkerijdeboer.nl"),
                new FieldChange("employees", null, "4"));
        assertThat(updated.getBefore().getVersion()).isEqualTo(1);

        call(HttpMethod.PATCH, "/environments/" + env + "/organisations/" + id, bearer(USER, env),
                Map.of("employees", 5), "\"1\"").expectStatus().isEqualTo(HttpStatus.PRECONDITION_FAILED)
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/version-mismatch");
        call(HttpMethod.PATCH, "/environments/" + env + "/organisations/" + id, bearer(USER, env),
                Map.of("rsin", "123456789", "kvkNummer", "12", "colour", "red", "version", 9, "type", "supplier",
                        "visitingAddress", Map.of("postcode", "0123SS")))
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/validation")
                .jsonPath("$.errors[?(@.field == 'rsin')].message").isEqualTo("fails the eleven-check")
                .jsonPath("$.errors[?(@.field == 'kvkNummer')].message").isEqualTo("must be 8 digits")
                .jsonPath("$.errors[?(@.field == 'colour')]").exists()
                .jsonPath("$.errors[?(@.field == 'version')].message").isEqualTo("is read-only")
                .jsonPath("$.errors[?(@.field == 'type')]").exists()
                .jsonPath("$.errors[?(@.field == 'visitingAddress.postcode')]").exists();
        call(HttpMethod.PATCH, "/environments/" + env + "/organisations/" + id, bearer(USER, env), "[1,2]")
                .expectStatus().isBadRequest();
        http.get().uri("/environments/{env}/organisations/{id}", env, id).header("Authorization", bearer(VIEWER, env))
                .exchange().expectBody().jsonPath("$.version").isEqualTo(2).jsonPath("$.rsin").isEqualTo("992760562");

        call(HttpMethod.DELETE, "/environments/" + env + "/organisations/" + id, bearer(USER, env), null)
                .expectStatus().isNoContent();
        changed(id, OrganisationChangeKind.DELETED);
        http.get().uri("/environments/{env}/organisations/{id}", env, id).header("Authorization", bearer(VIEWER, env))
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.type")
                .isEqualTo("https://kvksync.nl/problems/organisation-not-found");
        assertThat(events().values(Topics.SUBSCRIPTIONS, SubscriptionChanged.class,
                s -> s.getOrganisationId().equals(id))).as("never subscribed").isEmpty();
    }

    @Test
    void anAdminCreatesAnOrganisationFromARegistrationSubscribedAtOnce() {
        String env = environment(true, false, "customer");
        Registration registration = unique();
        ingestor().put(registration);
        String token = bearer(ADMIN, env);

        JsonNode created = call(HttpMethod.POST, "/environments/" + env + "/organisations:from-registration", token,
                Map.of("registrationKey", registration.getRegistrationKey(), "type", "customer"))
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();

        String id = created.get("organisationId").asString();
        assertThat(created.get("subscribed").booleanValue()).isTrue();
        assertThat(created.get("subscriptionOrigin").asString()).isEqualTo("CREATED_FROM_KVK");
        assertThat(created.get("registrationKey").asString()).isEqualTo(registration.getRegistrationKey());
        assertThat(created.get("tradeName").asString()).isEqualTo(registration.getTradeName());
        assertThat(created.get("sbiCode").asString()).isEqualTo("10711");
        assertThat(created.get("provenance").get("website").get("source").asString()).isEqualTo("KVK");
        assertThat(created.get("provenance").get("website").get("kvkValue").asString())
                .isEqualTo(registration.getWebsite());
        assertThat(ingestor().requests()).anySatisfy(r -> {
            assertThat(r.path()).isEqualTo("/registrations/" + registration.getRegistrationKey());
            assertThat(r.authorization()).as("the caller's token is forwarded").isEqualTo(token);
        });
        SubscriptionChanged subscription = events().awaitOne(Topics.SUBSCRIPTIONS, SubscriptionChanged.class,
                s -> s.getOrganisationId().equals(id));
        assertThat(subscription.getOrigin()).isEqualTo(SubscriptionOrigin.CREATED_FROM_KVK);
        assertThat(subscription.getActive()).isTrue();
        assertThat(subscription.getKvkNummer()).isEqualTo(registration.getKvkNummer());
        assertThat(changed(id, OrganisationChangeKind.CREATED).getSource()).isEqualTo(ChangeSource.KVK);

        call(HttpMethod.POST, "/environments/" + env + "/organisations:from-registration", token,
                Map.of("registrationKey", registration.getRegistrationKey()))
                .expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody()
                .jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/already-linked")
                .jsonPath("$.organisationId").isEqualTo(id);
        call(HttpMethod.POST, "/environments/" + env + "/organisations:from-registration", token,
                Map.of("registrationKey", "999999999999"))
                .expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT).expectBody()
                .jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/registration-not-found");
        ingestor().failWith(500);
        try {
            call(HttpMethod.POST, "/environments/" + env + "/organisations:from-registration", token,
                    Map.of("registrationKey", unique().getRegistrationKey()))
                    .expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY).expectBody()
                    .jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/ingestor-unavailable");
        } finally {
            ingestor().failWith(0);
        }

        String basicOff = environment(false, false);
        call(HttpMethod.POST, "/environments/" + basicOff + "/organisations:from-registration",
                bearer(ADMIN, basicOff), Map.of("registrationKey", registration.getRegistrationKey()))
                .expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody()
                .jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/basic-module-off");
        http.get().uri("/environments/{env}/organisations", basicOff).header("Authorization", bearer(ADMIN, basicOff))
                .exchange().expectBody().jsonPath("$.total").isEqualTo(0);
    }

    @Test
    void anAdminLinksAnOrganisationToASuggestedRegistrationAndUnlinksIt() {
        String env = environment(true, true);
        Registration registration = unique();
        Registration lookalike = Registration.newBuilder(unique()).setTradeName(registration.getTradeName() + " Zuid")
                .setTradeNames(List.of(registration.getTradeName() + " Zuid"))
                .setVisitingAddress(registration.getVisitingAddress()).build();
        ingestor().put(registration).put(lookalike);
        Address address = registration.getVisitingAddress();
        String id = call(HttpMethod.POST, "/environments/" + env + "/organisations", bearer(USER, env),
                Map.of("tradeName", registration.getTradeName(), "kvkNummer", registration.getKvkNummer(),
                        "visitingAddress", Map.of("street", address.getStreet(), "houseNumber",
                                address.getHouseNumber(), "postcode", address.getPostcode(), "city",
                                address.getCity())))
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("organisationId").asString();
        String admin = bearer(ADMIN, env);

        JsonNode candidates = call(HttpMethod.GET, "/environments/" + env + "/organisations/" + id
                + "/link-candidates", admin, null).expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody().get("candidates");
        assertThat(candidates.get(0).get("registrationKey").asString()).isEqualTo(registration.getRegistrationKey());
        assertThat(candidates.get(0).get("score").intValue()).isEqualTo(90);
        assertThat(candidates.get(0).get("reasons").get(0).asString())
                .isEqualTo("KvK number " + registration.getKvkNummer() + " matches exactly");
        assertThat(candidates.get(1).get("registrationKey").asString()).isEqualTo(lookalike.getRegistrationKey());
        assertThat(candidates.get(1).get("score").intValue()).isBetween(20, 89);
        assertThat(candidates.get(1).toString()).contains("postcode " + address.getPostcode() + " matches")
                .contains("% similar to");

        call(HttpMethod.POST, "/environments/" + env + "/organisations/" + id + ":link", admin,
                Map.of("registrationKey", registration.getRegistrationKey())).expectStatus().isOk().expectBody()
                .jsonPath("$.subscribed").isEqualTo(true).jsonPath("$.subscriptionOrigin").isEqualTo("LINKED")
                .jsonPath("$.registrationKey").isEqualTo(registration.getRegistrationKey())
                .jsonPath("$.tradeName").isEqualTo(registration.getTradeName());
        SubscriptionChanged linked = events().awaitOne(Topics.SUBSCRIPTIONS, SubscriptionChanged.class,
                s -> s.getOrganisationId().equals(id) && s.getActive());
        assertThat(linked.getOrigin()).as("asks the matcher for an enrichment proposal")
                .isEqualTo(SubscriptionOrigin.LINKED);
        assertThat(linked.getRegistrationKey()).isEqualTo(registration.getRegistrationKey());
        changed(id, OrganisationChangeKind.LINKED);
        call(HttpMethod.GET, "/environments/" + env + "/organisations/" + id + "/link-candidates", admin, null)
                .expectBody().jsonPath("$.candidates[0].linkedTo").isEqualTo(id);

        String other = call(HttpMethod.POST, "/environments/" + env + "/organisations", bearer(USER, env),
                Map.of("tradeName", "Iemand anders")).expectStatus().isCreated().expectBody(JsonNode.class)
                .returnResult().getResponseBody().get("organisationId").asString();
        call(HttpMethod.POST, "/environments/" + env + "/organisations/" + other + ":link", admin,
                Map.of("registrationKey", registration.getRegistrationKey()))
                .expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody()
                .jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/already-linked")
                .jsonPath("$.organisationId").isEqualTo(id);

        call(HttpMethod.POST, "/environments/" + env + "/organisations/" + id + ":unsubscribe", admin, null)
                .expectStatus().isOk().expectBody().jsonPath("$.subscribed").isEqualTo(false)
                .jsonPath("$.registrationKey").isEqualTo(registration.getRegistrationKey());
        events().awaitOne(Topics.SUBSCRIPTIONS, SubscriptionChanged.class,
                s -> s.getOrganisationId().equals(id) && !s.getActive());
        call(HttpMethod.POST, "/environments/" + env + "/organisations/" + id + ":unlink", admin, null)
                .expectStatus().isOk().expectBody().jsonPath("$.subscribed").isEqualTo(false)
                .jsonPath("$.registrationKey").doesNotExist();
        changed(id, OrganisationChangeKind.UNLINKED);
        call(HttpMethod.POST, "/environments/" + env + "/organisations/" + id + ":unlink", admin, null)
                .expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody()
                .jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/not-linked");
        call(HttpMethod.POST, "/environments/" + env + "/organisations/" + other + ":link", admin,
                Map.of("registrationKey", registration.getRegistrationKey())).expectStatus().isOk();
    }

    @Test
    void everyEndpointAnswers401WithoutToken403WithoutTheRoleAnd404ForAnotherTenant() {
        String env = environment(true, true);
        String other = environment(true, true);
        Registration registration = unique();
        ingestor().put(registration);
        String id = call(HttpMethod.POST, "/environments/" + env + "/organisations", bearer(USER, env),
                Map.of("tradeName", "Vast")).expectStatus().isCreated().expectBody(JsonNode.class).returnResult()
                .getResponseBody().get("organisationId").asString();
        String base = "/environments/" + env + "/organisations";
        record Call(HttpMethod method, String path, Object body, String role) {
        }
        List<Call> calls = List.of(
                new Call(HttpMethod.POST, base, Map.of("tradeName", "Nieuw"), USER),
                new Call(HttpMethod.POST, base + ":from-registration",
                        Map.of("registrationKey", registration.getRegistrationKey()), ADMIN),
                new Call(HttpMethod.GET, base, null, VIEWER),
                new Call(HttpMethod.GET, base + "/" + id, null, VIEWER),
                new Call(HttpMethod.PATCH, base + "/" + id, Map.of("tradeName", "Anders"), USER),
                new Call(HttpMethod.DELETE, base + "/" + id, null, USER),
                new Call(HttpMethod.POST, base + "/" + id + ":link",
                        Map.of("registrationKey", registration.getRegistrationKey()), ADMIN),
                new Call(HttpMethod.POST, base + "/" + id + ":unlink", null, ADMIN),
                new Call(HttpMethod.POST, base + "/" + id + ":unsubscribe", null, ADMIN),
                new Call(HttpMethod.GET, base + "/" + id + "/link-candidates", null, ADMIN));
        for (Call c : calls) {
            call(c.method(), c.path(), null, c.body()).expectStatus().isUnauthorized();
            for (String wrong : List.of(ADMIN, VIEWER, USER, "guest")) {
                boolean allowed = wrong.equals(c.role()) || (c.role().equals(VIEWER) && !wrong.equals("guest"));
                if (!allowed) {
                    call(c.method(), c.path(), bearer(wrong, env), c.body()).expectStatus().isForbidden();
                }
            }
            call(c.method(), c.path(), bearer(c.role(), other), c.body()).expectStatus().isNotFound()
                    .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/environment-not-found");
        }
        http.get().uri(base).header("Authorization", bearer(VIEWER, env)).exchange().expectBody()
                .jsonPath("$.total").isEqualTo(1).jsonPath("$.items[0].tradeName").isEqualTo("Vast")
                .jsonPath("$.items[0].version").isEqualTo(1);
        assertThat(events().values(Topics.ORGANISATION_CHANGED, OrganisationChanged.class,
                e -> e.getOrganisationId().equals(id))).hasSize(1);
    }

    private static Registration unique() {
        return Registrations.numbered(ThreadLocalRandom.current().nextInt(1, 90_000_000)).build();
    }

    private OrganisationChanged changed(String id, OrganisationChangeKind kind) {
        return events().awaitOne(Topics.ORGANISATION_CHANGED, OrganisationChanged.class,
                e -> e.getOrganisationId().equals(id) && e.getKind() == kind);
    }

    private WebTestClient.ResponseSpec call(HttpMethod method, String path, String token, Object body) {
        return call(method, path, token, body, null);
    }

    private WebTestClient.ResponseSpec call(HttpMethod method, String path, String token, Object body,
            String ifMatch) {
        var spec = http.method(method).uri(path);
        if (token != null) {
            spec = spec.header("Authorization", token);
        }
        if (ifMatch != null) {
            spec = spec.header("If-Match", ifMatch);
        }
        return body == null ? spec.exchange() : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
