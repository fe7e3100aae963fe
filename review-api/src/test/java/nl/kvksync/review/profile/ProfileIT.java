package nl.kvksync.review.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.matcher.ImportProgressed;
import nl.kvksync.contracts.matcher.ImportStatus;
import nl.kvksync.contracts.review.ImportProfile;
import nl.kvksync.contracts.review.ImportRequested;
import nl.kvksync.review.support.Fixtures;
import nl.kvksync.review.support.MatcherStub;
import nl.kvksync.review.support.ReviewStack;
import nl.kvksync.testsupport.kafka.AvroClients;
import nl.kvksync.testsupport.spring.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class ProfileIT extends ReviewStack {

    @Autowired
    WebTestClient http;

    static final Map<String, Object> SPORT = Map.of("name", "Sport Eindhoven", "organisationType", "prospect",
            "offerNewRegistrations", true, "postcodeRanges", List.of(Map.of("from", 5200, "to", 5500)),
            "sbiInclude", List.of("93"), "sbiExclude", List.of("9312"), "sbiScope", "PRIMARY",
            "legalForms", List.of("BV"), "minEmployees", 2);

    private WebTestClient.ResponseSpec call(String method, String env, String path, Object body) {
        var request = http.method(org.springframework.http.HttpMethod.valueOf(method))
                .uri("/environments/" + env + path).header("Authorization", TestTokens.bearer("kvk-admin", env));
        return body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private Map<String, Object> json(WebTestClient.ResponseSpec spec, int status) {
        return spec.expectStatus().isEqualTo(status)
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult()
                .getResponseBody();
    }

    @Test
    void refusesAnInvalidProfileNamingEveryBadFieldAndStoresNothing() {
        String env = Fixtures.env("badprofile");
        String body = """
                {"name":"Sport","organisationType":"prospect",
                 "postcodeRanges":[{"from":5500,"to":5200},{"from":"52a0","to":5300},{"from":999,"to":5300}],
                 "sbiInclude":[],"sbiExclude":["99999","9x"],"sbiScope":"SOME","minEmployees":-1,"colour":"red"}""";
        call("POST", env, "/profiles", body).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/validation")
                .jsonPath("$.errors[?(@.field == 'postcodeRanges[0].from')].message")
                .isEqualTo("must not be greater than to (5500 > 5200)")
                .jsonPath("$.errors[?(@.field == 'postcodeRanges[1].from')]").exists()
                .jsonPath("$.errors[?(@.field == 'postcodeRanges[2].from')]").exists()
                .jsonPath("$.errors[?(@.field == 'sbiInclude')]").exists()
                .jsonPath("$.errors[?(@.field == 'sbiExclude[0]')].message")
                .isEqualTo("unknown SBI code or prefix '99999' (neither SBI 2008 nor SBI 2025 has a code starting "
                        + "with it)")
                .jsonPath("$.errors[?(@.field == 'sbiExclude[1]')]").exists()
                .jsonPath("$.errors[?(@.field == 'sbiScope')]").exists()
                .jsonPath("$.errors[?(@.field == 'minEmployees')]").exists()
                .jsonPath("$.errors[?(@.field == 'colour')]").exists();
        call("POST", env, "/profiles:preview", "{\"name\":\"x\",\"organisationType\":\"p\",\"sbiInclude\":[]}")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("sbiInclude");
        call("POST", env, "/profiles", "{\"name\":").expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(http.get().uri("/environments/" + env + "/profiles")
                .header("Authorization", TestTokens.bearer("kvk-viewer", env)).exchange().expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody()).isEmpty();
    }

    @Test
    void createsChangesAndDeletesAProfileOnTheCompactedTopic() {
        String env = Fixtures.env("profile");
        Map<String, Object> created = json(call("POST", env, "/profiles", SPORT), 201);
        String id = (String) created.get("profileId");
        assertThat(id).startsWith("sport-eindhoven-");
        assertThat(created.get("version")).isEqualTo(1);
        assertThat(created.get("published")).isEqualTo(true);

        Map<String, Object> changed = new java.util.HashMap<>(SPORT);
        changed.put("postcodeRanges", List.of(Map.of("from", 5600, "to", 5699)));
        changed.put("version", 1);
        assertThat(json(call("PUT", env, "/profiles/" + id, changed), 200).get("version")).isEqualTo(2);
        assertThat(json(call("PUT", env, "/profiles/" + id, changed), 409).get("type"))
                .isEqualTo("https://kvksync.nl/problems/profile-version");
        call("DELETE", env, "/profiles/" + id, null).expectStatus().isNoContent();
        call("GET", env, "/profiles/" + id, null).expectStatus().isNotFound();

        var records = AvroClients.await(infra(), Topics.PROFILES, ImportProfile.class,
                p -> p.getEnvironmentId().equals(env), found -> found.size() >= 3, Duration.ofSeconds(30));
        assertThat(records).extracting(r -> r.key()).containsOnly(env + ":" + id);
        assertThat(records).extracting(r -> r.value().getVersion()).containsExactly(1L, 2L, 3L);
        assertThat(records.get(0).value().getSbiInclude()).containsExactly("93");
        assertThat(records.get(0).value().getPostcodeRanges().get(0).getFrom()).isEqualTo(5200);
        assertThat(records.get(1).value().getPostcodeRanges().get(0).getFrom()).isEqualTo(5600);
        assertThat(records.get(2).value().getDeleted()).isTrue();
    }

    @Test
    void theDryRunGoesThroughTheMatcherWithTheCallersToken() {
        String env = Fixtures.env("dryrun");
        String bearer = TestTokens.bearer("kvk-admin", env);
        Map<String, Object> answer = http.post().uri("/environments/" + env + "/profiles:preview")
                .header("Authorization", bearer).contentType(MediaType.APPLICATION_JSON).bodyValue(SPORT).exchange()
                .expectStatus().isOk().expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
        assertThat(answer.get("selected")).isEqualTo(1505);
        assertThat(answer.get("alreadySubscribed")).isEqualTo(150);
        assertThat(answer.get("withinBand")).isEqualTo(true);
        assertThat(answer.get("band")).isEqualTo(Map.of("min", 1000, "max", 20000));
        assertThat(MatcherStub.shared().calls()).anySatisfy(c -> {
            assertThat(c.path()).isEqualTo("/environments/" + env + "/profiles:preview");
            assertThat(c.authorization()).isEqualTo(bearer);
            assertThat(c.body()).contains("\"sbiInclude\":[\"93\"]");
        });
    }

    @Test
    void anImportOutsideTheBandIsRefusedAndOneWithinIsRequestedAndShowsProgress() {
        String env = Fixtures.env("import");
        Map<String, Object> everywhere = new java.util.HashMap<>(SPORT);
        everywhere.remove("postcodeRanges");
        String wide = (String) json(call("POST", env, "/profiles", everywhere), 201).get("profileId");
        Map<String, Object> refused = json(call("POST", env, "/profiles/" + wide + ":import", null), 422);
        assertThat(refused.get("type")).isEqualTo("https://kvksync.nl/problems/selection-out-of-band");
        assertThat(refused.get("selected")).isEqualTo(250000);

        String narrow = (String) json(call("POST", env, "/profiles", SPORT), 201).get("profileId");
        Map<String, Object> started = json(call("POST", env, "/profiles/" + narrow + ":import", null), 202);
        String importId = (String) started.get("importId");
        assertThat(started.get("status")).isEqualTo("REQUESTED");
        assertThat(started.get("selected")).isEqualTo(1505);
        assertThat(json(call("POST", env, "/profiles/" + narrow + ":import", null), 202).get("importId"))
                .isEqualTo(importId);
        var requested = AvroClients.await(infra(), Topics.IMPORT_REQUESTED, ImportRequested.class,
                r -> r.getEnvironmentId().equals(env), found -> !found.isEmpty(), Duration.ofSeconds(30));
        assertThat(requested).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(env + ":" + narrow);
            assertThat(r.value().getImportId()).isEqualTo(importId);
            assertThat(r.value().getBandMin()).isEqualTo(1000L);
            assertThat(r.value().getBandMax()).isEqualTo(20000L);
            assertThat(r.value().getProfile().getName()).isEqualTo("Sport Eindhoven");
            assertThat(r.value().getRequestedBy()).isEqualTo("test-kvk-admin");
        });

        publish(Topics.IMPORT_PROGRESSED, env + ":" + importId, progress(env, narrow, importId, ImportStatus.RUNNING,
                500, Instant.now()));
        publish(Topics.IMPORT_PROGRESSED, env + ":" + importId, progress(env, narrow, importId, ImportStatus.STARTED,
                0, Instant.now().minusSeconds(5)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> seen = json(call("GET", env, "/imports/" + importId, null), 200);
            assertThat(seen.get("status")).isEqualTo("RUNNING");
            assertThat(seen.get("emitted")).isEqualTo(500);
            assertThat(seen.get("total")).isEqualTo(1355);
        });
        call("GET", Fixtures.env("other"), "/imports/" + importId, null).expectStatus().isNotFound();
    }

    private static ImportProgressed progress(String env, String profileId, String importId, ImportStatus status,
            long emitted, Instant at) {
        return ImportProgressed.newBuilder().setEventId(importId + status).setOccurredAt(at).setImportId(importId)
                .setEnvironmentId(env).setProfileId(profileId).setStatus(status).setSelected(1505)
                .setAlreadySubscribed(150).setEmitted(emitted).setTotal(1355).build();
    }
}
