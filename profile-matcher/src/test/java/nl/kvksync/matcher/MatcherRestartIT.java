package nl.kvksync.matcher;

import static nl.kvksync.matcher.Fixtures.change;
import static nl.kvksync.matcher.Fixtures.key;
import static nl.kvksync.matcher.Fixtures.registration;
import static nl.kvksync.matcher.Fixtures.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.SubscriptionOrigin;
import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.matcher.routing.MatcherTopology;
import nl.kvksync.matcher.routing.ProposalIds;
import nl.kvksync.matcher.streams.MatcherStreams;
import nl.kvksync.matcher.streams.StreamsProperties;
import nl.kvksync.testsupport.infra.EmbeddedInfrastructure;
import nl.kvksync.testsupport.spring.KvkStack;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/**
 * The matcher stopped in the middle of a batch and started again, without SIGKILL: the service's Kafka Streams
 * (exactly_once_v2) closes as on a graceful shutdown, its local state directory is removed (a replacement pod
 * without its volume), changes arrive while it is down, and it starts again: it restores the {@code subscribers}
 * store from its changelog and resumes from the committed offsets. Every change of both batches yields its proposal
 * exactly once on matcher.proposal-raised.v1 (read_committed), and the changes that arrived while it was down are
 * routed with the restored subscriptions. Shares the module's one Spring context (same configuration as the other
 * ITs); it leaves the matcher running.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@KvkStack
class MatcherRestartIT {

    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final int FOLLOWED = 20;
    static final int PER_BATCH = 2000;
    static final String ENV = "it-restart";
    static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MatcherRestartIT.class);

    @Autowired
    MatcherStreams streams;

    @Autowired
    StreamsProperties properties;

    @Autowired
    MatcherTopology.State state;

    final EmbeddedInfrastructure infra = EmbeddedInfrastructure.shared();

    @Test
    void aRestartMidBatchWithoutLocalStateResumesFromTheCommittedOffsetsWithoutDuplicates() throws Exception {
        await().atMost(PATIENCE).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        List<String> expected = new ArrayList<>();
        try (KafkaProducer<String, SpecificRecord> producer = TestKafka.producer(infra)) {
            producer.send(new ProducerRecord<>(Topics.ENVIRONMENTS, ENV, Fixtures.environment(ENV, true)));
            for (int i = 0; i < FOLLOWED; i++) {
                producer.send(new ProducerRecord<>(Topics.SUBSCRIPTIONS, ENV + ":org-" + i,
                        subscription(ENV, "org-" + i, key(7000 + i), true, SubscriptionOrigin.CREATED_FROM_KVK, 1)));
            }
            producer.flush();
            await().atMost(PATIENCE).until(() -> state.subscribed().count(ENV) == FOLLOWED
                    && state.environments().advancedModuleOn(ENV));

            expected.addAll(sendBatch(producer, "restart-1"));
            // Stop as soon as the first proposals of the batch are committed: typically in the middle of it.
            await().atMost(PATIENCE).until(() -> !proposals().isEmpty());
            streams.stop();
            log.info("matcher stopped with {} of {} proposals of the first batch committed", proposals().size(),
                    PER_BATCH);
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            deleteLocalState();

            expected.addAll(sendBatch(producer, "restart-2"));
        }
        streams.start();
        await().atMost(PATIENCE).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        await().atMost(PATIENCE).until(() -> proposals().stream().map(ProposalRaised::getProposalId)
                .collect(Collectors.toSet()).containsAll(expected));

        List<ProposalRaised> all = proposals();
        Map<String, Long> perId = all.stream()
                .collect(Collectors.groupingBy(ProposalRaised::getProposalId, Collectors.counting()));
        assertThat(perId).as("every proposal exactly once").allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(perId.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(all).allSatisfy(p -> assertThat(p.getKind()).isEqualTo(ProposalKind.UPDATE));
    }

    /** {@link #PER_BATCH} CHANGED changes round-robin over the followed registrations; returns the proposal ids. */
    List<String> sendBatch(KafkaProducer<String, SpecificRecord> producer, String feed) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PER_BATCH; i++) {
            int n = i % FOLLOWED;
            Registration before = registration(key(7000 + n), "5211AB", "93122");
            Registration after = Registration.newBuilder(before).setWebsite("https://" + feed + "-" + i + ".example.nl")
                    .build();
            String changeFeed = feed + "-" + i;
            producer.send(new ProducerRecord<>(Topics.REGISTRATION_CHANGED, key(7000 + n),
                    change(MutationKind.CHANGED, before, after, changeFeed, "website")));
            ids.add(ProposalIds.of(ENV, key(7000 + n), ProposalIds.feed(changeFeed), ProposalKind.UPDATE, "org-" + n));
        }
        producer.flush();
        return ids;
    }

    /** Every proposal for {@link #ENV} committed so far (read_committed, up to the last stable offsets). */
    List<ProposalRaised> proposals() {
        return TestKafka.readAll(infra, Topics.PROPOSAL_RAISED, ProposalRaised.class,
                p -> p.getEnvironmentId().equals(ENV));
    }

    /** What kafka-streams' cleanUp() does: the stores and checkpoints go, the changelogs stay. */
    void deleteLocalState() throws IOException {
        Path dir = Path.of(properties.stateDir());
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
