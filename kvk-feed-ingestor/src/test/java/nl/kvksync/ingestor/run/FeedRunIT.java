package nl.kvksync.ingestor.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.kvk.FeedRecordRejected;
import nl.kvksync.contracts.kvk.FeedRunCompleted;
import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationChanged;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.contracts.kvk.RejectionReason;
import nl.kvksync.ingestor.support.CommittedReader;
import nl.kvksync.ingestor.support.FeedLines;
import nl.kvksync.ingestor.support.IngestorContext;
import nl.kvksync.testsupport.spring.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class FeedRunIT extends IngestorContext {

    @Autowired
    WebTestClient http;

    static final String ADMIN = TestTokens.bearer("kvk-admin", "*");

    Map<String, Object> upload(String name, byte[] body, int expectedStatus) {
        return http.post().uri("/runs").header("Authorization", ADMIN).header("X-Feed-Name", name)
                .contentType(MediaType.parseMediaType("application/x-ndjson")).bodyValue(body).exchange()
                .expectStatus().isEqualTo(expectedStatus)
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
    }

    Map<String, Object> awaitFinished(String runId) {
        Map<String, Object>[] last = new Map[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            last[0] = http.get().uri("/runs/" + runId).header("Authorization", ADMIN).exchange().expectStatus().isOk()
                    .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
                    }).returnResult().getResponseBody();
            return "COMPLETED".equals(last[0].get("status")) || "FAILED".equals(last[0].get("status"));
        });
        return last[0];
    }

    @Test
    void publishesRealChangesRejectsBadLinesAndReportsTheRun() {
        FeedLines week1 = new FeedLines(UUID.randomUUID().toString());
        String a = week1.vestigingsnummer(1);
        String b = week1.vestigingsnummer(2);
        byte[] first = week1.join(
                week1.nieuw(a, "Bakkerij Alfa", "1034WL"),
                week1.nieuw(b, "Slagerij Beta", "5211AB"),
                "{\"mutatie\":{\"soort\":\"NIEUW\"},\"kvkNummer\":\"123\"}",
                "");
        Map<String, Object> run1 = upload("week-1.jsonl", first, 202);
        String runId1 = (String) run1.get("runId");
        // hashed while it streamed in: the same SHA-256 as the bytes sent, which names the run
        String sha256 = java.util.HexFormat.of().formatHex(sha256(first));
        assertThat(run1).containsEntry("contentHash", sha256);
        assertThat(runId1).isEqualTo("run-" + sha256.substring(0, 16));
        Map<String, Object> report1 = awaitFinished(runId1);
        assertThat(report1).containsEntry("status", "COMPLETED").containsEntry("read", 4)
                .containsEntry("published", 2).containsEntry("unchanged", 0).containsEntry("rejected", 2);
        assertThat((Map<String, Object>) report1.get("byReason")).containsEntry("INVALID_KVK_NUMMER", 1)
                .containsEntry("EMPTY_LINE", 1);

        // the same content again: the same run, nothing new
        Map<String, Object> again = upload("week-1-again.jsonl", first, 200);
        assertThat(again).containsEntry("runId", runId1).containsEntry("duplicateOf", runId1);

        // week 2: a real change, an identical record, an end
        byte[] second = week1.join(
                week1.wijziging(a, "Bakkerij Alfa & Zn", "1034WL"),
                week1.wijziging(b, "Slagerij Beta", "5211AB"),
                week1.beeindiging(b, "FAILLISSEMENT"));
        String runId2 = (String) upload("week-2.jsonl", second, 202).get("runId");
        Map<String, Object> report2 = awaitFinished(runId2);
        assertThat(report2).containsEntry("read", 3).containsEntry("published", 2).containsEntry("unchanged", 1)
                .containsEntry("rejected", 0);
        assertThat((Map<String, Object>) report2.get("byKind")).containsEntry("CHANGED", 1).containsEntry("ENDED", 1)
                .containsEntry("NEW", 0);

        List<RegistrationChanged> changes = CommittedReader.values(Topics.REGISTRATION_CHANGED,
                RegistrationChanged.class, c -> c.getFeedId().equals(runId1) || c.getFeedId().equals(runId2), 4);
        assertThat(changes).hasSize(4);
        RegistrationChanged renamed = changes.stream()
                .filter(c -> c.getFeedId().equals(runId2) && c.getKind() == MutationKind.CHANGED).findFirst()
                .orElseThrow();
        assertThat(renamed.getRegistrationKey()).isEqualTo(a);
        assertThat(renamed.getChangedFields()).containsExactly("tradeName", "tradeNames");
        assertThat(renamed.getPrevious().getTradeName()).isEqualTo("Bakkerij Alfa");
        assertThat(renamed.getRegistration().getTradeName()).isEqualTo("Bakkerij Alfa & Zn");
        assertThat(renamed.getFeedLine()).isEqualTo(1);
        assertThat(renamed.getEffectiveDate()).isEqualTo("2026-11-27");
        RegistrationChanged ended = changes.stream()
                .filter(c -> c.getFeedId().equals(runId2) && c.getKind() == MutationKind.ENDED).findFirst()
                .orElseThrow();
        assertThat(ended.getRegistration().getStatus()).isEqualTo(RegistrationStatus.ENDED);
        assertThat(ended.getChangedFields()).contains("status", "endReason", "endDate");

        List<FeedRecordRejected> rejected = CommittedReader.values(Topics.FEED_REJECTED, FeedRecordRejected.class,
                r -> r.getFeedId().equals(runId1), 2);
        assertThat(rejected).extracting(FeedRecordRejected::getLine).containsExactlyInAnyOrder(3L, 4L);
        assertThat(rejected).filteredOn(r -> r.getLine() == 3).singleElement().satisfies(r -> {
            assertThat(r.getReason()).isEqualTo(RejectionReason.INVALID_KVK_NUMMER);
            assertThat(r.getField()).isEqualTo("kvkNummer");
            assertThat(r.getEventId()).isEqualTo(runId1 + ":3");
        });

        List<Registration> snapshots = CommittedReader.values(Topics.REGISTRATIONS, Registration.class,
                r -> r.getRegistrationKey().equals(b), 3);
        assertThat(snapshots).last().satisfies(r -> assertThat(r.getStatus()).isEqualTo(RegistrationStatus.ENDED));

        List<FeedRunCompleted> reports = CommittedReader.values(Topics.FEED_RUNS, FeedRunCompleted.class,
                r -> r.getFeedId().equals(runId2), 1);
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.getRead()).isEqualTo(3);
            assertThat(r.getPublished() + r.getUnchanged() + r.getRejected()).isEqualTo(r.getRead());
            assertThat(r.getPublishedByKind()).containsEntry("ENDED", 1L);
        });
    }

    @Test
    void refusesUploadsWithoutTheAdminRoleOrWithoutContent() {
        http.post().uri("/runs").header("Authorization", TestTokens.bearer("kvk-viewer", "*"))
                .bodyValue("{}".getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isForbidden();
        http.post().uri("/runs").header("Authorization", ADMIN).bodyValue(new byte[0]).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/empty-feed");
        http.get().uri("/runs/run-nope").header("Authorization", ADMIN).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/run-not-found");
        http.get().uri("/runs").header("Authorization", TestTokens.bearer("crm-user", "*")).exchange()
                .expectStatus().isForbidden();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
