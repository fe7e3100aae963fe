package nl.kvksync.matcher;

import static nl.kvksync.matcher.Fixtures.change;
import static nl.kvksync.matcher.Fixtures.importRequested;
import static nl.kvksync.matcher.Fixtures.key;
import static nl.kvksync.matcher.Fixtures.profile;
import static nl.kvksync.matcher.Fixtures.registration;
import static nl.kvksync.matcher.Fixtures.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.SubscriptionOrigin;
import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.matcher.ImportProgressed;
import nl.kvksync.contracts.matcher.ImportStatus;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.contracts.matcher.ReasonKind;
import nl.kvksync.contracts.review.ImportProfile;
import nl.kvksync.matcher.routing.ProposalIds;
import nl.kvksync.matcher.streams.MatcherStreams;
import nl.kvksync.matcher.streams.StreamsProperties;
import nl.kvksync.testsupport.infra.EmbeddedInfrastructure;
import nl.kvksync.testsupport.spring.KvkStack;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The matcher on the real broker and registry, with the app's Apicurio serdes: every kind of proposal once, an
 * import, the dry run over HTTP, a poison message.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@KvkStack
class MatcherStreamsIT {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    MatcherStreams streams;

    @Autowired
    WebTestClient http;

    @Autowired
    MeterRegistry meters;

    @Autowired
    StreamsProperties properties;

    @Autowired
    nl.kvksync.matcher.routing.MatcherTopology.State state;

    final EmbeddedInfrastructure infra = EmbeddedInfrastructure.shared();

    @BeforeEach
    void running() {
        await().atMost(Duration.ofSeconds(90)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    }

    void send(String topic, String key, SpecificRecord value) {
        TestKafka.send(infra, topic, key, value);
    }

    void register(Registration r) {
        send(Topics.REGISTRATIONS, r.getRegistrationKey(), r);
    }

    List<ProposalRaised> proposals(String env, int expected) {
        return TestKafka.await(infra, Topics.PROPOSAL_RAISED, ProposalRaised.class,
                p -> p.getEnvironmentId().equals(env), found -> found.size() >= expected, PATIENCE).stream()
                .map(ConsumerRecord::value).toList();
    }

    @Test
    void routesChangesAndNewRegistrationsToProposals() {
        String env = "it-route";
        send(Topics.ENVIRONMENTS, env, Fixtures.environment(env, true));
        send(Topics.SUBSCRIPTIONS, env + ":org-1",
                subscription(env, "org-1", key(101), true, SubscriptionOrigin.CREATED_FROM_KVK, 1));
        ImportProfile p = profile(env, "p-1", new int[] {5200, 5500}, "93").build();
        send(Topics.PROFILES, env + ":p-1", p);
        Registration before = registration(key(101), "5211AB", "93122");
        Registration after = Registration.newBuilder(before).setWebsite("https://sport.example.nl").build();
        // Global state (profiles, environments) and the re-keyed subscription must be in place before the changes.
        await().atMost(PATIENCE).until(() -> streamsKnows(env, key(101)));

        send(Topics.REGISTRATION_CHANGED, key(101), change(MutationKind.CHANGED, before, after, "it-feed", "website"));
        send(Topics.REGISTRATION_CHANGED, key(102),
                change(MutationKind.NEW, null, registration(key(102), "5300AB", "93110"), "it-feed", "registrationKey"));

        List<ProposalRaised> out = proposals(env, 2);
        assertThat(out).extracting(ProposalRaised::getKind).containsExactlyInAnyOrder(ProposalKind.UPDATE,
                ProposalKind.NEW);
        ProposalRaised update = out.stream().filter(x -> x.getKind() == ProposalKind.UPDATE).findFirst().orElseThrow();
        assertThat(update.getProposalId()).isEqualTo(ProposalIds.of(env, key(101), "feed:it-feed",
                ProposalKind.UPDATE, "org-1"));
        assertThat(update.getRegistration().getWebsite()).isEqualTo("https://sport.example.nl");
        assertThat(update.getPrevious().getWebsite()).isNull();
        ProposalRaised created = out.stream().filter(x -> x.getKind() == ProposalKind.NEW).findFirst().orElseThrow();
        assertThat(created.getReasons()).singleElement().satisfies(r -> {
            assertThat(r.getKind()).isEqualTo(ReasonKind.PROFILE);
            assertThat(r.getPostcodeRange()).isEqualTo("5200-5500");
            assertThat(r.getSbiRule()).isEqualTo("93 -> 93110");
        });
    }

    /** True once the running topology's state shows the environment, its profile and the subscription. */
    boolean streamsKnows(String env, String key) {
        return state.environments().advancedModuleOn(env) && state.profiles().size() > 0
                && state.subscribed().contains(env, nl.kvksync.matcher.register.RegistrationKeys.encode(key));
    }

    @Test
    void linkingAnOrganisationRaisesAnEnrichmentProposal() {
        String env = "it-link";
        send(Topics.ENVIRONMENTS, env, Fixtures.environment(env, true));
        Registration r = registration(key(201), "1011AB", "4711");
        register(r);
        await().atMost(PATIENCE).until(() -> streams.snapshot(key(201)).isPresent());

        send(Topics.SUBSCRIPTIONS, env + ":org-7", subscription(env, "org-7", key(201), true, SubscriptionOrigin.LINKED, 3));

        assertThat(proposals(env, 1)).singleElement().satisfies(p -> {
            assertThat(p.getKind()).isEqualTo(ProposalKind.UPDATE);
            assertThat(p.getOrganisationId()).isEqualTo("org-7");
            assertThat(p.getRegistration()).isEqualTo(r);
            assertThat(p.getReasons().get(0).getKind()).isEqualTo(ReasonKind.LINK);
        });
    }

    @Test
    void importsAProfilesSelectionWithProgress() {
        String env = "it-import";
        send(Topics.ENVIRONMENTS, env, Fixtures.environment(env, true));
        for (int i = 1; i <= 4; i++) {
            register(registration(key(300 + i), "7" + (400 + i) + "AB", "1071" + i));
        }
        ImportProfile p = profile(env, "bakers", new int[] {7401, 7404}, "1071").build();
        await().atMost(PATIENCE).until(() -> streams.snapshot(key(304)).isPresent());

        send(Topics.IMPORT_REQUESTED, env + ":bakers", importRequested("it-imp-1", p, 1, 10));

        List<ProposalRaised> out = proposals(env, 4);
        assertThat(out).hasSize(4).allSatisfy(x -> {
            assertThat(x.getKind()).isEqualTo(ProposalKind.NEW);
            assertThat(x.getImportId()).isEqualTo("it-imp-1");
        });
        List<ImportProgressed> progress = TestKafka.await(infra, Topics.IMPORT_PROGRESSED, ImportProgressed.class,
                e -> e.getImportId().equals("it-imp-1"),
                found -> found.stream().anyMatch(e -> e.value().getStatus() == ImportStatus.COMPLETED), PATIENCE)
                .stream().map(ConsumerRecord::value).toList();
        assertThat(progress.get(0).getStatus()).isEqualTo(ImportStatus.STARTED);
        assertThat(progress.get(progress.size() - 1)).satisfies(e -> {
            assertThat(e.getStatus()).isEqualTo(ImportStatus.COMPLETED);
            assertThat(e.getEmitted()).isEqualTo(4);
            assertThat(e.getSelected()).isEqualTo(4);
        });
    }

    @Test
    void theGlobalRegisterStoreStartsCompactingLaterThanTheOtherStores() throws IOException {
        Path app = Path.of(properties.stateDir(), properties.applicationId());
        // RocksDB writes the options it opened a store with to OPTIONS-<n> in the store's directory
        assertThat(compactionTrigger(app.resolve("global/rocksdb/register"))).isEqualTo(12);
        try (Stream<Path> tasks = Files.list(app)) {
            Path subscribers = tasks.map(t -> t.resolve("rocksdb/subscribers")).filter(Files::isDirectory).findFirst()
                    .orElseThrow();
            assertThat(compactionTrigger(subscribers)).isEqualTo(4);
        }
    }

    static int compactionTrigger(Path store) throws IOException {
        try (Stream<Path> files = Files.list(store)) {
            Path options = files.filter(f -> f.getFileName().toString().startsWith("OPTIONS-")).max(Path::compareTo)
                    .orElseThrow(() -> new AssertionError("no OPTIONS file in " + store));
            String line = Files.readAllLines(options).stream().map(String::trim)
                    .filter(l -> l.startsWith("level0_file_num_compaction_trigger=")).findFirst().orElseThrow();
            return Integer.parseInt(line.substring(line.indexOf('=') + 1));
        }
    }

    @Test
    void aPoisonMessageLandsInTheDeadLetterTopicAndTheStreamGoesOn() throws Exception {
        String env = "it-poison";
        send(Topics.ENVIRONMENTS, env, Fixtures.environment(env, true));
        send(Topics.SUBSCRIPTIONS, env + ":org-1",
                subscription(env, "org-1", key(401), true, SubscriptionOrigin.CREATED_FROM_KVK, 1));
        await().atMost(PATIENCE).until(() -> state.environments().advancedModuleOn(env)
                && state.subscribed().contains(env, nl.kvksync.matcher.register.RegistrationKeys.encode(key(401))));
        byte[] poison = "not avro at all".getBytes();
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.REGISTRATION_CHANGED, key(401).getBytes(), poison)).get();
        }
        Registration r = registration(key(401), "5211AB", "93122");
        send(Topics.REGISTRATION_CHANGED, key(401), change(MutationKind.CHANGED, r, r, "it-poison-feed", "phone"));

        assertThat(proposals(env, 1)).extracting(ProposalRaised::getFeedId).containsExactly("it-poison-feed");
        try (KafkaConsumer<byte[], byte[]> dlt = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-dlt", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            dlt.subscribe(List.of(Topics.dlt(Topics.REGISTRATION_CHANGED)));
            await().atMost(PATIENCE).untilAsserted(() -> {
                var records = dlt.poll(Duration.ofMillis(500));
                assertThat(records).anySatisfy(rec -> {
                    assertThat(rec.value()).isEqualTo(poison);
                    assertThat(new String(rec.headers().lastHeader("kvksync-dlt-original-topic").value()))
                            .isEqualTo(Topics.REGISTRATION_CHANGED);
                });
            });
        }
    }
}
