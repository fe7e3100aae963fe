package nl.kvksync.ingestor.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import nl.kvksync.ingestor.replica.RegistrationStore;
import nl.kvksync.ingestor.run.RunRegistry;
import nl.kvksync.ingestor.run.RunService;
import nl.kvksync.ingestor.support.FeedLines;
import nl.kvksync.ingestor.support.IngestorContext;
import nl.kvksync.testsupport.spring.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

class RegisterIT extends IngestorContext {

    @Autowired
    WebTestClient http;
    @Autowired
    RunRegistry runs;
    @Autowired
    RunService runService;
    @Autowired
    RegistrationStore store;

    String ingest(FeedLines lines, String... feedLines) {
        String runId = http.post().uri("/runs").header("Authorization", TestTokens.bearer("kvk-admin", "*"))
                .header("X-Feed-Name", "register-it-" + UUID.randomUUID() + ".jsonl").bodyValue(lines.join(feedLines))
                .exchange().expectStatus().isAccepted().expectBody(RunView.class).returnResult().getResponseBody()
                .runId();
        await().atMost(Duration.ofSeconds(60)).until(() -> runs.get(runId).orElseThrow().finished());
        return runId;
    }

    record RunView(String runId) {
    }

    @Test
    void searchesTheReplicaAndAnswersOneRegistrationWithAvroFieldNames() {
        FeedLines lines = new FeedLines(UUID.randomUUID().toString());
        String a = lines.vestigingsnummer(1);
        ingest(lines, lines.nieuw(a, "Zeilmakerij Wolkenveld", "8861AB"),
                lines.nieuw(lines.vestigingsnummer(2), "Zeilschool Wolkenveld", "8861AC"));

        String crm = TestTokens.bearer("crm-user", "acme");
        http.get().uri("/registrations/" + a).header("Authorization", crm).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.registrationKey").isEqualTo(a)
                .jsonPath("$.kvkNummer").isEqualTo(lines.kvkNummer())
                .jsonPath("$.tradeName").isEqualTo("Zeilmakerij Wolkenveld")
                .jsonPath("$.status").isEqualTo("ACTIVE")
                .jsonPath("$.legalForm").isEqualTo("EENMANSZAAK")
                .jsonPath("$.visitingAddress.postcode").isEqualTo("8861AB")
                .jsonPath("$.sbiActivities[0].code").isEqualTo("10710")
                .jsonPath("$.sbiActivities[0].primary").isEqualTo(true);

        http.get().uri(u -> u.path("/registrations").queryParam("naam", "wolkenveld zeil").build())
                .header("Authorization", TestTokens.bearer("kvk-viewer", "*")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(2).jsonPath("$.items.length()").isEqualTo(2);
        http.get().uri(u -> u.path("/registrations").queryParam("kvkNummer", lines.kvkNummer())
                .queryParam("postcode", "8861 ab").build())
                .header("Authorization", crm).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(1).jsonPath("$.items[0].registrationKey").isEqualTo(a);
        http.get().uri(u -> u.path("/registrations").queryParam("naam", "wolkenveld").queryParam("size", "1")
                .queryParam("page", "1").build())
                .header("Authorization", crm).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.page").isEqualTo(1).jsonPath("$.items.length()").isEqualTo(1);
    }

    @Test
    void answersSpecificProblemsForBadRequests() {
        String crm = TestTokens.bearer("crm-user", "acme");
        http.get().uri("/registrations/12345").header("Authorization", crm).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/invalid-registration-key")
                .jsonPath("$.errors[0].field").isEqualTo("registrationKey");
        http.get().uri("/registrations/000000000000").header("Authorization", crm).exchange().expectStatus()
                .isNotFound().expectBody().jsonPath("$.type")
                .isEqualTo("https://kvksync.nl/problems/registration-not-found");
        http.get().uri("/registrations?kvkNummer=123").header("Authorization", crm).exchange().expectStatus()
                .isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("kvkNummer");
        http.get().uri("/registrations?postcode=ABCD").header("Authorization", crm).exchange().expectStatus()
                .isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("postcode");
        http.get().uri("/registrations?size=500").header("Authorization", crm).exchange().expectStatus()
                .isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("size");
        http.get().uri("/registrations?naam=a").header("Authorization", crm).exchange().expectStatus()
                .isBadRequest();
        http.get().uri("/registrations").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void theReplicaIsRebuiltFromTheCompactedRegistrationsTopic() {
        FeedLines lines = new FeedLines(UUID.randomUUID().toString());
        String a = lines.vestigingsnummer(1);
        ingest(lines, lines.nieuw(a, "Herbouw Eerst", "2511AA"));
        ingest(lines, lines.wijziging(a, "Herbouw Daarna", "2511AA"));
        store.clear();
        assertThat(store.get(a)).isNull();

        runService.rebuildNow();
        await().atMost(Duration.ofSeconds(60)).until(() -> store.get(a) != null && runService.replicaReady());
        assertThat(store.get(a).getTradeName()).as("the latest snapshot").isEqualTo("Herbouw Daarna");
        assertThat(store.keysByNameWordPrefix("herbouw", 10, k -> true)).contains(a);
    }

    @Test
    void countsRecordsAsMetrics() {
        FeedLines lines = new FeedLines(UUID.randomUUID().toString());
        ingest(lines, lines.nieuw(lines.vestigingsnummer(1), "Metriek", "1011AA"), "[]");
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
                .value(body -> assertThat(body)
                        .contains("kvksync_feed_records_total{")
                        .containsPattern("kvksync_feed_records_total\\{.*reason=\"NOT_AN_OBJECT\".*result=\"rejected\"")
                        .containsPattern("kvksync_feed_records_total\\{.*kind=\"NEW\".*result=\"published\"")
                        .containsPattern("kvksync_feed_runs_total\\{.*status=\"COMPLETED\"")
                        .contains("kvksync_feed_run_duration_seconds"));
    }
}
