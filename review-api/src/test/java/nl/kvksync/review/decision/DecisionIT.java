package nl.kvksync.review.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.ChangeSource;
import nl.kvksync.contracts.crm.DecisionFailed;
import nl.kvksync.contracts.crm.FailureReason;
import nl.kvksync.contracts.crm.FieldChange;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.crm.OrganisationChangeKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.contracts.review.Decision;
import nl.kvksync.contracts.review.ProposalDecided;
import nl.kvksync.review.proposal.ProposalStatus;
import nl.kvksync.review.proposal.ProposalStore;
import nl.kvksync.review.support.Fixtures;
import nl.kvksync.review.support.ReviewStack;
import nl.kvksync.testsupport.kafka.AvroClients;
import nl.kvksync.testsupport.spring.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class DecisionIT extends ReviewStack {

    @Autowired
    WebTestClient http;

    @Autowired
    ProposalStore store;

    @Autowired
    DecisionRelay relay;

    private static final Registration BEFORE = Fixtures.registration("000038509504", "Dagobert", "1034WL", "93122");

    /** A subscribed organisation in the read model and an UPDATE proposal for it; waits until it is queued. */
    private ProposalRaised seedUpdate(String env, String organisationId, String registrationKey, String newName) {
        Registration before = Fixtures.registration(registrationKey, "Dagobert", "1034WL", "93122");
        Organisation org = Fixtures.organisation(env, organisationId, before, Instant.now().minusSeconds(86_400), 1);
        publish(Topics.ORGANISATION_CHANGED, env + ":" + organisationId, Fixtures.changed(null, org,
                OrganisationChangeKind.CREATED, ChangeSource.KVK, null, null, List.of()));
        ProposalRaised p = Fixtures.update(env, registrationKey, organisationId, "feed-1", before,
                Fixtures.registration(registrationKey, newName, "1034WL", "93122"), Instant.now());
        publish(Topics.PROPOSAL_RAISED, env + ":" + registrationKey, p);
        await().atMost(Duration.ofSeconds(30)).until(() -> store.exists(p.getProposalId()));
        return p;
    }

    private Map<String, Object> post(String env, String path, Object body, int status) {
        return http.post().uri("/environments/" + env + path).header("Authorization", TestTokens.bearer("kvk-admin", env))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isEqualTo(status)
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult()
                .getResponseBody();
    }

    private List<ConsumerRecord<String, ProposalDecided>> decided(String env, int atLeast) {
        return AvroClients.await(infra(), Topics.PROPOSAL_DECIDED, ProposalDecided.class,
                d -> d.getEnvironmentId().equals(env), found -> found.size() >= atLeast, Duration.ofSeconds(30));
    }

    private ProposalStatus status(String proposalId) {
        return store.find(proposalId).orElseThrow().summary().status();
    }

    @Test
    void acceptingChosenFieldsPublishesTheDecisionAndCrmSyncsConfirmationAppliesItThenUndoRestores() {
        String env = Fixtures.env("accept");
        ProposalRaised p = seedUpdate(env, "org-1", "000038509504", "Dagobert Sport");

        Map<String, Object> first = post(env, "/proposals/" + p.getProposalId() + ":accept",
                Map.of("fields", List.of("tradeName")), 200);
        String decisionId = (String) first.get("decisionId");
        assertThat(first.get("state")).isEqualTo("PUBLISHED");
        Map<String, Object> retry = post(env, "/proposals/" + p.getProposalId() + ":accept",
                Map.of("fields", List.of("tradeName")), 200);
        assertThat(retry.get("decisionId")).isEqualTo(decisionId);
        assertThat(retry.get("state")).isEqualTo("ALREADY_ACCEPTED");
        assertThat(status(p.getProposalId())).isEqualTo(ProposalStatus.ACCEPTED);

        ConsumerRecord<String, ProposalDecided> record = decided(env, 1).get(0);
        assertThat(record.key()).isEqualTo(env + ":000038509504");
        assertThat(record.value().getDecisionId()).isEqualTo(decisionId);
        assertThat(record.value().getDecision()).isEqualTo(Decision.ACCEPTED);
        assertThat(record.value().getKind()).isEqualTo(ProposalKind.UPDATE);
        assertThat(record.value().getAcceptedFields()).containsExactly("tradeName");
        assertThat(record.value().getOrganisationId()).isEqualTo("org-1");
        assertThat(record.value().getRegistration().getTradeName()).isEqualTo("Dagobert Sport");
        assertThat(record.value().getDecidedBy()).isEqualTo("test-kvk-admin");

        // crm-sync applies it and says so on organisation-changed
        Organisation before = Fixtures.organisation(env, "org-1", BEFORE, Instant.now().minusSeconds(86_400), 1);
        Organisation after = Organisation.newBuilder(before).setTradeName("Dagobert Sport").setVersion(2).build();
        publish(Topics.ORGANISATION_CHANGED, env + ":org-1", Fixtures.changed(before, after,
                OrganisationChangeKind.UPDATED, ChangeSource.KVK, decisionId, p.getProposalId(),
                List.of(new FieldChange("tradeName", "Dagobert", "Dagobert Sport"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(p.getProposalId()) == ProposalStatus.APPLIED);

        http.get().uri("/environments/" + env + "/audit").header("Authorization", TestTokens.bearer("kvk-viewer", env))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(1)
                .jsonPath("$.items[0].decisionId").isEqualTo(decisionId)
                .jsonPath("$.items[0].state").isEqualTo("APPLIED")
                .jsonPath("$.items[0].decidedBy").isEqualTo("test-kvk-admin")
                .jsonPath("$.items[0].changes[0].field").isEqualTo("tradeName")
                .jsonPath("$.items[0].changes[0].before").isEqualTo("Dagobert")
                .jsonPath("$.items[0].changes[0].after").isEqualTo("Dagobert Sport");
        String csv = http.get().uri("/environments/" + env + "/audit.csv")
                .header("Authorization", TestTokens.bearer("kvk-viewer", env)).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/csv").expectBody(String.class).returnResult()
                .getResponseBody();
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv).startsWith("decidedAt,decisionId,decision,").contains(decisionId + ",ACCEPTED,UPDATE,APPLIED,")
                .contains(",tradeName,Dagobert,Dagobert Sport");

        Map<String, Object> undo = post(env, "/decisions/" + decisionId + ":undo", Map.of(), 200);
        String undoId = (String) undo.get("decisionId");
        assertThat(undoId).isNotEqualTo(decisionId);
        assertThat(post(env, "/decisions/" + decisionId + ":undo", Map.of(), 200).get("decisionId")).isEqualTo(undoId);
        ProposalDecided published = decided(env, 2).stream().map(ConsumerRecord::value)
                .filter(d -> d.getDecision() == Decision.UNDO).findFirst().orElseThrow();
        assertThat(published.getUndoOf()).isEqualTo(decisionId);
        assertThat(published.getRestore().getTradeName()).isEqualTo("Dagobert");
        assertThat(published.getRestoreFields()).containsExactly("tradeName");
        assertThat(published.getOrganisationId()).isEqualTo("org-1");
    }

    @Test
    void rejectingNeedsAReasonAndPublishesTheRejection() {
        String env = Fixtures.env("reject");
        ProposalRaised p = seedUpdate(env, "org-2", "000038509505", "Other");
        http.post().uri("/environments/" + env + "/proposals/" + p.getProposalId() + ":reject")
                .header("Authorization", TestTokens.bearer("kvk-admin", env)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", " ")).exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        http.post().uri("/environments/" + env + "/proposals/" + p.getProposalId() + ":accept")
                .header("Authorization", TestTokens.bearer("kvk-admin", env)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"fields\":[\"tradeNaam\"]}").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("fields[0]");
        http.post().uri("/environments/" + env + "/proposals/" + p.getProposalId() + ":accept")
                .header("Authorization", TestTokens.bearer("kvk-admin", env)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"fields\":").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(status(p.getProposalId())).isEqualTo(ProposalStatus.PENDING);

        post(env, "/proposals/" + p.getProposalId() + ":reject", Map.of("reason", "not our customer"), 200);
        assertThat(status(p.getProposalId())).isEqualTo(ProposalStatus.REJECTED);
        ProposalDecided rejected = decided(env, 1).get(0).value();
        assertThat(rejected.getDecision()).isEqualTo(Decision.REJECTED);
        assertThat(rejected.getReason()).isEqualTo("not our customer");
        Map<String, Object> again = post(env, "/proposals/" + p.getProposalId() + ":accept", Map.of(), 409);
        assertThat(again.get("type")).isEqualTo("https://kvksync.nl/problems/proposal-not-pending");
    }

    @Test
    void aFailedDecisionMarksTheProposalFailedWithTheReasonAndItCanBeAcceptedAgain() {
        String env = Fixtures.env("failed");
        ProposalRaised p = seedUpdate(env, "org-3", "000038509506", "Third");
        String first = (String) post(env, "/proposals/" + p.getProposalId() + ":accept", Map.of(), 200)
                .get("decisionId");
        publish(Topics.DECISION_FAILED, env + ":000038509506", DecisionFailed.newBuilder().setEventId("f-" + first)
                .setOccurredAt(Instant.now()).setEnvironmentId(env).setRegistrationKey("000038509506")
                .setDecisionId(first).setProposalId(p.getProposalId()).setOrganisationId("org-3")
                .setReason(FailureReason.ORGANISATION_DELETED).setDetail("organisation org-3 was deleted").build());
        await().atMost(Duration.ofSeconds(30)).until(() -> status(p.getProposalId()) == ProposalStatus.FAILED);
        http.get().uri("/environments/" + env + "/proposals?status=FAILED")
                .header("Authorization", TestTokens.bearer("kvk-viewer", env)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[0].failure")
                .isEqualTo("ORGANISATION_DELETED: organisation org-3 was deleted");
        String second = (String) post(env, "/proposals/" + p.getProposalId() + ":accept", Map.of(), 200)
                .get("decisionId");
        assertThat(second).isNotEqualTo(first);
        assertThat(status(p.getProposalId())).isEqualTo(ProposalStatus.ACCEPTED);
    }

    @Test
    @SuppressWarnings("unchecked")
    void bulkPreviewCountsExactlyAndBulkAcceptReportsEachFailureWithoutAborting() {
        String env = Fixtures.env("bulk");
        List<String> updates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String key = String.format("0000385096%02d", i);
            Registration before = Fixtures.registration(key, "Bulk " + i, "5611AB", "4711");
            ProposalRaised p = Fixtures.update(env, key, "org-b" + i, "feed-1", before,
                    Fixtures.registration(key, "Bulk " + i + " BV", "5611AB", "4711"), Instant.now());
            publish(Topics.PROPOSAL_RAISED, env + ":" + key, p);
            updates.add(p.getProposalId());
        }
        ProposalRaised fresh = Fixtures.proposal(env, "000099999999", ProposalKind.NEW, null, "feed-1", null,
                Fixtures.registration("000099999999", "Nieuw", "5611AB", "4711"), Instant.now());
        publish(Topics.PROPOSAL_RAISED, env + ":000099999999", fresh);
        await().atMost(Duration.ofSeconds(30)).until(() -> store.exists(fresh.getProposalId())
                && updates.stream().allMatch(store::exists));

        Map<String, Object> preview = post(env, "/proposals:bulk-preview", Map.of("filter", Map.of("kind", "UPDATE")),
                200);
        assertThat(preview.get("count")).isEqualTo(10);
        assertThat(preview.get("byKind")).isEqualTo(Map.of("UPDATE", 10, "ENDED", 0, "NEW", 0));
        assertThat(post(env, "/proposals:bulk-preview", Map.of("filter", Map.of("kind", "UPDATE"), "ids", List.of("x")),
                400).get("type")).isEqualTo("https://kvksync.nl/problems/validation");

        post(env, "/proposals/" + updates.get(9) + ":reject", Map.of("reason", "no"), 200);
        Map<String, Object> byIds = post(env, "/proposals:bulk-accept",
                Map.of("ids", List.of(updates.get(0), updates.get(1), "no-such-proposal", updates.get(9))), 200);
        assertThat(byIds.get("requested")).isEqualTo(4);
        assertThat(byIds.get("decided")).isEqualTo(2);
        assertThat((List<Map<String, Object>>) byIds.get("failures")).extracting(f -> f.get("proposalId") + ":"
                + f.get("reason")).containsExactlyInAnyOrder("no-such-proposal:NOT_FOUND", updates.get(9)
                + ":NOT_PENDING");

        Map<String, Object> byFilter = post(env, "/proposals:bulk-accept", Map.of("filter", Map.of("kind", "UPDATE")),
                200);
        assertThat(byFilter.get("decided")).isEqualTo(7);
        assertThat(byFilter.get("failed")).isEqualTo(0);
        for (int i = 0; i < 9; i++) {
            assertThat(status(updates.get(i))).isEqualTo(ProposalStatus.ACCEPTED);
        }
        assertThat(status(fresh.getProposalId())).isEqualTo(ProposalStatus.PENDING);
        assertThat(decided(env, 10)).hasSize(10)
                .extracting(r -> r.value().getDecision()).containsOnly(Decision.ACCEPTED, Decision.REJECTED);
    }

    @Test
    void theRelayPublishesADecisionThatWasRecordedButNeverPublished() {
        String env = Fixtures.env("relay");
        ProposalRaised p = seedUpdate(env, "org-4", "000038509507", "Fourth");
        // a crash right after the outbox insert: the decision exists, the proposal was never claimed or published
        var record = new DecisionRecord("d-crashed-" + env, env, p.getProposalId(), p.getRegistrationKey(),
                p.getOrganisationId(), "UPDATE", "ACCEPTED", List.of(), "test-kvk-admin",
                System.currentTimeMillis() - 60_000, null, null, DecisionState.RECORDED, null, null, List.of(),
                "Fourth", null, 0, nl.kvksync.review.platform.AvroBytes.encode(ProposalDecided.newBuilder()
                        .setEventId("d-crashed-" + env).setOccurredAt(Instant.now()).setDecisionId("d-crashed-" + env)
                        .setProposalId(p.getProposalId()).setEnvironmentId(env)
                        .setRegistrationKey(p.getRegistrationKey()).setKind(ProposalKind.UPDATE)
                        .setDecision(Decision.ACCEPTED).setOrganisationId(p.getOrganisationId())
                        .setRegistration(p.getRegistration()).setDecidedBy("test-kvk-admin").build()), null, List.of());
        decisionStore.insert(record);
        assertThat(relay.relayOnce(System.currentTimeMillis())).isGreaterThanOrEqualTo(1);
        assertThat(status(p.getProposalId())).isEqualTo(ProposalStatus.ACCEPTED);
        assertThat(decided(env, 1)).singleElement()
                .satisfies(r -> assertThat(r.value().getDecisionId()).isEqualTo("d-crashed-" + env));
        assertThat(decisionStore.find("d-crashed-" + env).orElseThrow().state()).isEqualTo(DecisionState.PUBLISHED);
    }

    @Autowired
    DecisionStore decisionStore;
}
