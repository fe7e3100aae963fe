package nl.kvksync.ingestor.mutatieservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.kvk.FeedRecordRejected;
import nl.kvksync.contracts.kvk.FeedSource;
import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.RegistrationChanged;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.contracts.kvk.RejectionReason;
import nl.kvksync.ingestor.support.CommittedReader;
import nl.kvksync.ingestor.support.IngestorContext;
import nl.kvksync.testsupport.spring.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The Mutatieservice source inside the running service: {@code POST /mutatieservice:poll} fetches the stub's signals,
 * hands the window to the feed runs, and the run publishes the real changes with source MUTATIESERVICE and rejects
 * the signals KvK had no profile for as SOURCE_ERROR, so every signal is accounted for. The module's one Spring
 * context (IngestorContext) points the source at {@link SharedKvkStub}.
 */
class MutatieserviceIT extends IngestorContext {

    static final String ADMIN = TestTokens.bearer("kvk-admin", "*");
    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    @Autowired
    WebTestClient http;


    @Test
    void statusNeedsAReadRoleAndPollingNeedsKvkAdmin() {
        http.get().uri("/mutatieservice").exchange().expectStatus().isUnauthorized();
        http.get().uri("/mutatieservice").header("Authorization", TestTokens.bearer("crm-user", "*")).exchange()
                .expectStatus().isForbidden();
        http.post().uri("/mutatieservice:poll").header("Authorization", TestTokens.bearer("kvk-viewer", "*"))
                .exchange().expectStatus().isForbidden();
        http.get().uri("/mutatieservice").header("Authorization", TestTokens.bearer("kvk-viewer", "*")).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.enabled").isEqualTo(false)
                .jsonPath("$.cron").isEqualTo("0 0 15 * * FRI")
                .jsonPath("$.zone").isEqualTo("Europe/Amsterdam")
                .jsonPath("$.baseUrl").isEqualTo(SharedKvkStub.url());
    }

    @Test
    void aPollBecomesOneRunThatAccountsForEverySignal() {
        // never poll anything but the local stub
        http.get().uri("/mutatieservice").header("Authorization", ADMIN).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.baseUrl").isEqualTo(SharedKvkStub.url());
        http.post().uri("/mutatieservice:poll").header("Authorization", ADMIN).exchange()
                .expectStatus().isAccepted();
        Map<String, Object>[] status = new Map[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            status[0] = http.get().uri("/mutatieservice").header("Authorization", ADMIN).exchange()
                    .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
            return status[0].get("lastPoll") != null && !Boolean.TRUE.equals(status[0].get("running"));
        });
        Map<String, Object> lastPoll = (Map<String, Object>) status[0].get("lastPoll");
        assertThat(lastPoll.get("outcome")).as("last poll %s", lastPoll).isEqualTo("COMPLETED");
        String runId = (String) ((Map<String, Object>) lastPoll.get("result")).get("runId");
        assertThat(status[0].get("completedUntil")).isNotNull();
        assertThat(status[0].get("lastRunId")).isEqualTo(runId);

        Map<String, Object>[] run = new Map[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            run[0] = http.get().uri("/runs/" + runId).header("Authorization", ADMIN).exchange().expectStatus().isOk()
                    .expectBody(MAP).returnResult().getResponseBody();
            return "COMPLETED".equals(run[0].get("status")) || "FAILED".equals(run[0].get("status"));
        });
        assertThat(run[0].get("status")).isEqualTo("COMPLETED");
        assertThat(run[0].get("source")).isEqualTo("MUTATIESERVICE");
        assertThat(((Number) run[0].get("read")).longValue()).isEqualTo(13);
        assertThat(((Number) run[0].get("rejected")).longValue()).isEqualTo(10);
        assertThat(((Number) run[0].get("published")).longValue() + ((Number) run[0].get("unchanged")).longValue())
                .isEqualTo(3);
        assertThat((Map<String, Object>) run[0].get("byReason")).containsEntry("SOURCE_ERROR", 10);

        String key = SharedKvkStub.vestigingsnummer();
        List<RegistrationChanged> changes = CommittedReader.values(Topics.REGISTRATION_CHANGED,
                RegistrationChanged.class, c -> c.getFeedId().equals(runId), 2);
        assertThat(changes).allSatisfy(c -> {
            assertThat(c.getRegistrationKey()).isEqualTo(key);
            assertThat(c.getSource()).isEqualTo(FeedSource.MUTATIESERVICE);
        });
        assertThat(changes.get(0).getKind()).isEqualTo(MutationKind.NEW);
        RegistrationChanged last = changes.get(changes.size() - 1);
        assertThat(last.getKind()).isEqualTo(MutationKind.ENDED);
        assertThat(last.getRegistration().getStatus()).isEqualTo(RegistrationStatus.ENDED);
        assertThat(last.getRegistration().getKvkNummer()).isEqualTo(SharedKvkStub.kvkNummer());

        List<FeedRecordRejected> rejected = CommittedReader.values(Topics.FEED_REJECTED, FeedRecordRejected.class,
                r -> r.getFeedId().equals(runId), 10);
        assertThat(rejected).hasSize(10).allSatisfy(r -> {
            assertThat(r.getReason()).isEqualTo(RejectionReason.SOURCE_ERROR);
            assertThat(r.getField()).isEqualTo("fout");
            assertThat(r.getDetail()).contains("IPD0005");
        });
        assertThat(rejected).extracting(FeedRecordRejected::getLine).containsExactlyInAnyOrder(4L, 5L, 6L, 7L, 8L, 9L,
                10L, 11L, 12L, 13L);
    }
}
