package nl.kvksync.review.proposal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.ChangeSource;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.crm.OrganisationChangeKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.review.support.Fixtures;
import nl.kvksync.review.support.ReviewStack;
import nl.kvksync.testsupport.spring.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class ProposalQueueIT extends ReviewStack {

    @Autowired
    WebTestClient http;

    @Autowired
    ProposalStore store;

    @Autowired
    ProposalQueue queue;

    @Autowired
    ProposalIndex index;

    private Map<String, Object> list(String env, String query) {
        return http.get().uri("/environments/" + env + "/proposals" + query)
                .header("Authorization", TestTokens.bearer("kvk-viewer", env)).exchange()
                .expectStatus().isOk().expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    @Test
    void queuesARaisedProposalOnceAndListsItWithTheTabCounts() {
        String env = Fixtures.env("queue");
        Registration before = Fixtures.registration("000038509504", "Dagobert", "1034WL", "93122");
        Registration after = Fixtures.registration("000038509504", "Dagobert Sport", "1034WL", "93122");
        ProposalRaised update = Fixtures.update(env, "000038509504", "org-1", "feed-1", before, after, Instant.now());
        ProposalRaised created = Fixtures.proposal(env, "000012345678", ProposalKind.NEW, null, "feed-1", null,
                Fixtures.registration("000012345678", "Nieuw BV", "5611AB", "4711"), Instant.now());
        publish(Topics.PROPOSAL_RAISED, env + ":000038509504", update);
        publish(Topics.PROPOSAL_RAISED, env + ":000038509504", update); // redelivery
        publish(Topics.PROPOSAL_RAISED, env + ":000012345678", created);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(list(env, "").get("total"))
                .isEqualTo(2));
        Map<String, Object> page = list(env, "?kind=UPDATE");
        assertThat(page.get("counts")).isEqualTo(Map.of("UPDATE", 1, "ENDED", 0, "NEW", 1));
        assertThat(items(page)).singleElement().satisfies(item -> {
            assertThat(item.get("proposalId")).isEqualTo(update.getProposalId());
            assertThat(item.get("tradeName")).isEqualTo("Dagobert Sport");
            assertThat(item.get("fields")).isEqualTo(List.of("tradeName"));
            assertThat(item.get("sbiSection")).isEqualTo("S");
            assertThat(item.get("postcode")).isEqualTo(1034);
            assertThat(item.get("stale")).isEqualTo(false);
        });
        assertThat(items(list(env, "?postcodeFrom=5000&postcodeTo=5999"))).singleElement()
                .satisfies(item -> assertThat(item.get("kind")).isEqualTo("NEW"));
        assertThat(items(list(env, "?field=tradeName&kind=UPDATE"))).hasSize(1);
        assertThat(items(list(env, "?field=website&kind=UPDATE"))).isEmpty();
        assertThat(items(list(env, "?sbiSection=G"))).singleElement()
                .satisfies(item -> assertThat(item.get("kind")).isEqualTo("NEW"));
        assertThat(store.find(update.getProposalId())).get().satisfies(p -> assertThat(p.history()).hasSize(1));
    }

    @Test
    void aBatchInsertsItsNewProposalsAndLeavesAStoredOneAsItWas() {
        String env = Fixtures.env("batch");
        Registration before = Fixtures.registration("000038509504", "Dagobert", "1034WL", "93122");
        ProposalRaised decided = Fixtures.update(env, "000038509504", "org-1", "feed-1", before,
                Fixtures.registration("000038509504", "Dagobert Sport", "1034WL", "93122"), Instant.now());
        assertThat(queue.offerAll(List.of(decided))).containsExactly(ProposalQueue.Outcome.QUEUED);
        assertThat(store.transition(decided.getProposalId(), ProposalStatus.DECIDABLE, ProposalStatus.REJECTED, null,
                "test", null)).isTrue();
        index.remove(decided.getProposalId());

        ProposalRaised fresh = Fixtures.update(env, "000012345678", "org-2", "feed-2", null,
                Fixtures.registration("000012345678", "Nieuw BV", "5611AB", "4711"), Instant.now());
        ProposalRaised newer = Fixtures.update(env, "000012345678", "org-2", "feed-3", null,
                Fixtures.registration("000012345678", "Nieuw BV Holding", "5611AB", "4711"),
                Instant.now().plusSeconds(60));
        // one poll: a new proposal, a redelivery of a decided one, a newer proposal for the first one's slot
        assertThat(queue.offerAll(List.of(fresh, decided, newer))).containsExactly(ProposalQueue.Outcome.QUEUED,
                ProposalQueue.Outcome.DUPLICATE, ProposalQueue.Outcome.SUPERSEDED_OLDER);

        assertThat(store.find(decided.getProposalId()).orElseThrow().summary().status())
                .isEqualTo(ProposalStatus.REJECTED);
        assertThat(store.find(fresh.getProposalId())).get().satisfies(p -> {
            assertThat(p.summary().status()).isEqualTo(ProposalStatus.SUPERSEDED);
            assertThat(p.supersededBy()).isEqualTo(newer.getProposalId());
            assertThat(p.history()).extracting(StoredProposal.HistoryEntry::status)
                    .containsExactly("PENDING", "SUPERSEDED");
        });
        assertThat(items(list(env, ""))).extracting(item -> item.get("proposalId"))
                .containsExactly(newer.getProposalId());
    }

    @Test
    void aNewerProposalSupersedesTheOpenOneWhichKeepsItsHistory() {
        String env = Fixtures.env("supersede");
        Registration v1 = Fixtures.registration("000038509504", "Dagobert", "1034WL", "93122");
        Registration v2 = Fixtures.registration("000038509504", "Dagobert 2", "1034WL", "93122");
        Registration v3 = Fixtures.registration("000038509504", "Dagobert 3", "1034WL", "93122");
        Instant t = Instant.now().minusSeconds(600);
        ProposalRaised first = Fixtures.update(env, "000038509504", "org-9", "feed-a", v1, v2, t);
        ProposalRaised second = Fixtures.update(env, "000038509504", "org-9", "feed-b", v2, v3, t.plusSeconds(60));
        ProposalRaised late = Fixtures.update(env, "000038509504", "org-9", "feed-0", v1, v1, t.minusSeconds(60));
        publish(Topics.PROPOSAL_RAISED, env + ":000038509504", first);
        publish(Topics.PROPOSAL_RAISED, env + ":000038509504", second);
        publish(Topics.PROPOSAL_RAISED, env + ":000038509504", late);

        await().atMost(Duration.ofSeconds(30)).until(() -> store.exists(late.getProposalId()));
        assertThat(items(list(env, ""))).singleElement()
                .satisfies(item -> assertThat(item.get("proposalId")).isEqualTo(second.getProposalId()));
        assertThat(store.find(first.getProposalId())).get().satisfies(p -> {
            assertThat(p.summary().status()).isEqualTo(ProposalStatus.SUPERSEDED);
            assertThat(p.supersededBy()).isEqualTo(second.getProposalId());
            assertThat(p.history()).extracting(StoredProposal.HistoryEntry::status)
                    .containsExactly("PENDING", "SUPERSEDED");
        });
        assertThat(store.find(late.getProposalId())).get().satisfies(p -> {
            assertThat(p.summary().status()).isEqualTo(ProposalStatus.SUPERSEDED);
            assertThat(p.supersededBy()).isEqualTo(second.getProposalId());
        });
        assertThat(items(list(env, "?status=SUPERSEDED"))).hasSize(2);
        // a history list is paged by the database, newest first, with the counts per kind of that status
        Map<String, Object> firstPage = list(env, "?status=SUPERSEDED&size=1");
        assertThat(firstPage.get("total")).isEqualTo(2);
        assertThat(firstPage.get("counts")).isEqualTo(Map.of("UPDATE", 2, "ENDED", 0, "NEW", 0));
        assertThat(items(firstPage)).extracting(item -> item.get("proposalId")).containsExactly(first.getProposalId());
        assertThat(items(list(env, "?status=SUPERSEDED&size=1&page=1"))).extracting(item -> item.get("proposalId"))
                .containsExactly(late.getProposalId());
        assertThat(items(list(env, "?status=SUPERSEDED&size=1&page=2"))).isEmpty();
        assertThat(list(env, "?status=SUPERSEDED&kind=NEW").get("total")).isEqualTo(0);
        assertThat(list(env, "?status=SUPERSEDED&kind=UPDATE").get("total")).isEqualTo(2);
        // other filters are applied to the summaries, with the same counts
        Map<String, Object> filtered = list(env, "?status=SUPERSEDED&postcodeFrom=1000&postcodeTo=1099&size=1");
        assertThat(filtered.get("total")).isEqualTo(2);
        assertThat(items(filtered)).extracting(item -> item.get("proposalId")).containsExactly(first.getProposalId());
        assertThat(list(env, "?status=SUPERSEDED&postcodeFrom=2000").get("total")).isEqualTo(0);
    }

    @Test
    void showsTheThreeWayDiffWithAConflictWhereAUserEditedAfterTheLastSync() {
        String env = Fixtures.env("diff");
        Instant synced = Instant.now().minus(Duration.ofDays(30));
        Registration before = Fixtures.registration("000038509504", "Dagobert", "1034WL", "93122");
        Organisation org = Fixtures.organisation(env, "org-7", before, synced, 3);
        Organisation edited = Fixtures.userEdited(org, "tradeName", "Dagobert Duck", "anna", synced.plusSeconds(3600));
        publish(Topics.ORGANISATION_CHANGED, env + ":org-7",
                Fixtures.changed(org, edited, OrganisationChangeKind.UPDATED, ChangeSource.USER, null, null, List.of()));
        Registration after = Fixtures.registration("000038509504", "Dagobert Sport", "1034WL", "93122");
        ProposalRaised update = Fixtures.update(env, "000038509504", "org-7", "feed-1", before, after,
                Instant.now().minus(Duration.ofDays(20)));
        // Whichever arrives first, the diff flags end up computed against the user's edit.
        publish(Topics.PROPOSAL_RAISED, env + ":000038509504", update);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(items(list(env, "?conflict=true"))).hasSize(1));
        Map<String, Object> item = items(list(env, "?conflict=true")).get(0);
        assertThat(item.get("conflictFields")).isEqualTo(List.of("tradeName"));
        assertThat(item.get("stale")).isEqualTo(true);
        assertThat(items(list(env, "?olderThan=P30D"))).isEmpty();
        assertThat(items(list(env, "?olderThan=7"))).hasSize(1);

        http.get().uri("/environments/" + env + "/proposals/" + update.getProposalId())
                .header("Authorization", TestTokens.bearer("kvk-viewer", env)).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.diff[0].field").isEqualTo("tradeName")
                .jsonPath("$.diff[0].kvkAtLastSync").isEqualTo("Dagobert")
                .jsonPath("$.diff[0].crmCurrent").isEqualTo("Dagobert Duck")
                .jsonPath("$.diff[0].crmChangedBy").isEqualTo("anna")
                .jsonPath("$.diff[0].kvkNew").isEqualTo("Dagobert Sport")
                .jsonPath("$.diff[0].conflict").isEqualTo(true)
                .jsonPath("$.diff[1].field").isEqualTo("statutoryName")
                .jsonPath("$.diff[1].conflict").isEqualTo(false)
                .jsonPath("$.diff[1].kvkChanged").isEqualTo(false)
                .jsonPath("$.reasons[0].kind").isEqualTo("SUBSCRIPTION")
                .jsonPath("$.organisation.organisationId").isEqualTo("org-7")
                .jsonPath("$.history[0].status").isEqualTo("PENDING");
    }

    @Test
    void refusesBadFiltersWithProblemJsonNamingTheField() {
        String env = Fixtures.env("filters");
        http.get().uri("/environments/" + env + "/proposals?kind=MAYBE&postcodeFrom=12&olderThan=soon&size=0")
                .header("Authorization", TestTokens.bearer("kvk-viewer", env)).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/validation")
                .jsonPath("$.errors[0].field").isEqualTo("kind")
                .jsonPath("$.errors[1].field").isEqualTo("postcodeFrom")
                .jsonPath("$.errors[2].field").isEqualTo("olderThan");
        http.get().uri("/environments/" + env + "/proposals/nope")
                .header("Authorization", TestTokens.bearer("kvk-viewer", env)).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/proposal-not-found");
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndTheQueueGoesOn() throws Exception {
        String env = Fixtures.env("poison");
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.PROPOSAL_RAISED, env + ":poison", "not avro".getBytes())).get();
        }
        ProposalRaised good = Fixtures.update(env, "000038509504", "org-1", "feed-1", null,
                Fixtures.registration("000038509504", "Dagobert", "1034WL", "93122"), Instant.now());
        publish(Topics.PROPOSAL_RAISED, env + ":000038509504", good);
        try (KafkaConsumer<String, byte[]> dlt = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + env, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            dlt.subscribe(List.of(Topics.dlt(Topics.PROPOSAL_RAISED)));
            List<String> keys = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                dlt.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
                return keys.contains(env + ":poison");
            });
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> store.exists(good.getProposalId()));
    }
}
