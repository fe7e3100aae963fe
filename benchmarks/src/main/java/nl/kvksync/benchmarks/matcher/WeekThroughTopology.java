package nl.kvksync.benchmarks.matcher;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import nl.kvksync.contracts.AvroWire;
import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.EnvironmentChanged;
import nl.kvksync.contracts.crm.SubscriptionChanged;
import nl.kvksync.contracts.crm.SubscriptionOrigin;
import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.LegalForm;
import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationChanged;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.contracts.kvk.SbiActivity;
import nl.kvksync.contracts.kvk.SbiVersion;
import nl.kvksync.contracts.review.ImportProfile;
import nl.kvksync.contracts.review.PostcodeRange;
import nl.kvksync.contracts.review.SbiScope;
import nl.kvksync.matcher.imports.ImportSettings;
import nl.kvksync.matcher.profile.CompiledProfile;
import nl.kvksync.matcher.profile.RegistrationFacts;
import nl.kvksync.matcher.profile.SbiCodes;
import nl.kvksync.matcher.routing.MatcherSerdes;
import nl.kvksync.matcher.routing.MatcherTopology;
import nl.kvksync.matcher.streams.DeadLetterPublisher;
import nl.kvksync.matcher.streams.MatcherStreams;
import nl.kvksync.matcher.streams.StreamsProperties;
import nl.kvksync.testsupport.infra.EmbeddedInfrastructure;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A weekly feed through the matcher topology on the real (embedded) broker and registry: 10 environments with the
 * advanced module, 200 profiles offering new registrations, 100,000 subscriptions; then 25,000 changes (20,000
 * CHANGED and 1,500 ENDED of followed registrations, 3,500 NEW) are produced and the time until the last proposal
 * is visible to a read_committed consumer is reported. Exactly-once v2, one stream thread, as the service runs.
 * Run from the project root (it needs the Maven classpath for the broker child process):
 * {@code ./mvnw -q -pl benchmarks exec:exec -Dexec.executable=java
 * -Dexec.args="-Xmx1g -Dorg.apache.avro.SERIALIZABLE_PACKAGES=nl.kvksync.contracts -cp %classpath
 * nl.kvksync.benchmarks.matcher.WeekThroughTopology"}
 */
public final class WeekThroughTopology {

    static final int ENVIRONMENTS = 10;
    static final int PROFILES_PER_ENVIRONMENT = 20;

    private WeekThroughTopology() {
    }

    public static void main(String[] args) throws Exception {
        AvroWire.trustGeneratedPackages();
        int subscriptions = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String guarantee = args.length > 1 ? args[1] : "exactly_once_v2";
        int changed = 20_000;
        int ended = 1_500;
        int created = 3_500;
        Path work = Path.of("target", "bench-week").toAbsolutePath();
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(work)) {
            String bootstrap = infra.bootstrapServers();
            KafkaProducer<String, SpecificRecord> producer = producer(infra);
            Instant now = Instant.now();
            SplittableRandom random = new SplittableRandom(17);
            for (int e = 0; e < ENVIRONMENTS; e++) {
                String env = "env-" + e;
                producer.send(new ProducerRecord<>(Topics.ENVIRONMENTS, env, EnvironmentChanged.newBuilder()
                        .setEventId("env-" + e).setOccurredAt(now).setEnvironmentId(env).setName(env)
                        .setBasicModule(true).setAdvancedModule(true).setVersion(1).build()));
                for (int p = 0; p < PROFILES_PER_ENVIRONMENT; p++) {
                    ImportProfile profile = profile(env, "profile-" + p, random, now);
                    producer.send(new ProducerRecord<>(Topics.PROFILES, env + ":profile-" + p, profile));
                }
            }
            for (int i = 0; i < subscriptions; i++) {
                String env = "env-" + (i % ENVIRONMENTS);
                producer.send(new ProducerRecord<>(Topics.SUBSCRIPTIONS, env + ":org-" + i, SubscriptionChanged
                        .newBuilder().setEventId("s" + i).setOccurredAt(now).setEnvironmentId(env)
                        .setOrganisationId("org-" + i).setRegistrationKey(key(i)).setActive(true)
                        .setOrigin(SubscriptionOrigin.CREATED_FROM_KVK).setVersion(1).build()));
            }
            producer.flush();

            MatcherTopology.State state = MatcherTopology.State.empty();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            StreamsProperties properties = new StreamsProperties("bench-matcher-" + UUID.randomUUID(),
                    work.resolve("streams").toString(), 1, guarantee, Duration.ofMillis(100), 1024, 1000,
                    Duration.ofMillis(100), 100_000);
            try (DeadLetterPublisher deadLetters = new DeadLetterPublisher(bootstrap, meters)) {
                KafkaStreams streams = new KafkaStreams(MatcherTopology.build(
                        MatcherSerdes.registry(infra.registryUrl()), state, meters, ImportSettings.DEFAULTS, 3),
                        MatcherStreams.config(properties, bootstrap, (short) 1, deadLetters));
                long startup = System.nanoTime();
                streams.start();
                await(() -> streams.state() == KafkaStreams.State.RUNNING && state.subscribed().size() == subscriptions
                        && state.profiles().size() == ENVIRONMENTS * PROFILES_PER_ENVIRONMENT
                        && state.environments().size() == ENVIRONMENTS, Duration.ofMinutes(5));
                System.out.printf("processing guarantee    %s%n", guarantee);
                System.out.printf("topology RUNNING with %,d subscriptions and %d profiles after %.1f s%n",
                        state.subscribed().size(), state.profiles().size(), (System.nanoTime() - startup) / 1e9);

                List<RegistrationChanged> week = new ArrayList<>(changed + ended + created);
                long expected = 0;
                for (int i = 0; i < changed; i++) {
                    Registration r = registration(key((i * 5) % subscriptions), random);
                    week.add(change(MutationKind.CHANGED, r, Registration.newBuilder(r).setWebsite(
                            "https://www.example" + i + ".nl").build(), "week-1", i, List.of("website"), now));
                    expected++;
                }
                for (int i = 0; i < ended; i++) {
                    Registration r = registration(key((i * 5 + 1) % subscriptions), random);
                    week.add(change(MutationKind.ENDED, r, Registration.newBuilder(r)
                            .setStatus(RegistrationStatus.ENDED).setEndDate("2026-11-27").build(), "week-1",
                            changed + i, List.of("status", "endDate"), now));
                    expected++;
                }
                for (int i = 0; i < created; i++) {
                    Registration r = registration(key(10_000_000 + i), random);
                    week.add(change(MutationKind.NEW, null, r, "week-1", changed + ended + i, List.of(), now));
                    Set<String> envs = new HashSet<>();
                    for (CompiledProfile p : state.profiles().forNewRegistrations().match(RegistrationFacts.of(r))) {
                        envs.add(p.environmentId());
                    }
                    expected += envs.size();
                }

                try (KafkaConsumer<byte[], byte[]> proposals = consumer(bootstrap)) {
                    long seen = 0;
                    long t0 = System.nanoTime();
                    for (RegistrationChanged c : week) {
                        producer.send(new ProducerRecord<>(Topics.REGISTRATION_CHANGED, c.getRegistrationKey(), c));
                    }
                    producer.flush();
                    long produced = System.nanoTime();
                    long deadline = produced + Duration.ofMinutes(5).toNanos();
                    while (seen < expected && System.nanoTime() < deadline) {
                        seen += proposals.poll(Duration.ofMillis(50)).count();
                    }
                    long done = System.nanoTime();
                    System.out.printf("changes produced        %,d in %.2f s%n", week.size(), (produced - t0) / 1e9);
                    System.out.printf("proposals expected      %,d (UPDATE %,d, ENDED %,d, NEW %,d)%n", expected,
                            changed, ended, expected - changed - ended);
                    System.out.printf("proposals seen          %,d (read_committed)%n", seen);
                    System.out.printf("week through topology   %.2f s from first change produced to last proposal"
                            + " committed%n", (done - t0) / 1e9);
                    System.out.printf("                        %.2f s after the last change was produced%n",
                            (done - produced) / 1e9);
                    System.out.printf("dead letters            %.0f%n", meters.find("kvksync.dead.letters")
                            .counters().stream().mapToDouble(c -> c.count()).sum());
                }
                streams.close(Duration.ofSeconds(30));
            }
            producer.close();
        }
    }

    static String key(int i) {
        return String.format("%012d", 100_000_000_000L + i);
    }

    static Registration registration(String key, SplittableRandom random) {
        SbiCodes sbi = SbiCodes.get();
        List<SbiActivity> activities = new ArrayList<>();
        for (int a = 0, n = 1 + random.nextInt(2); a < n; a++) {
            activities.add(SbiActivity.newBuilder().setCode(sbi.code(random.nextInt(sbi.knownCount())))
                    .setPrimary(a == 0).setVersion(SbiVersion.SBI2025).build());
        }
        return Registration.newBuilder().setRegistrationKey(key).setKvkNummer(key.substring(4))
                .setVestigingsnummer(key).setStatus(RegistrationStatus.ACTIVE).setTradeName("Onderneming " + key)
                .setVisitingAddress(Address.newBuilder().setStreet("Markt").setHouseNumber(1)
                        .setPostcode(String.format("%04dAB", 1000 + random.nextInt(9000))).setCity("Ergens").build())
                .setSbiActivities(activities).setLegalForm(LegalForm.BV).setEmployees(random.nextInt(100)).build();
    }

    static RegistrationChanged change(MutationKind kind, Registration previous, Registration now, String feed,
            int line, List<String> fields, Instant at) {
        return RegistrationChanged.newBuilder().setEventId(feed + ":" + line).setOccurredAt(at)
                .setRegistrationKey(now.getRegistrationKey()).setKind(kind).setChangedFields(fields)
                .setPrevious(previous).setRegistration(now).setFeedId(feed).setFeedLine(line).build();
    }

    static ImportProfile profile(String env, String id, SplittableRandom random, Instant at) {
        SbiCodes sbi = SbiCodes.get();
        int from = 1000 + random.nextInt(8000);
        String code = sbi.code(random.nextInt(sbi.knownCount()));
        return ImportProfile.newBuilder().setEventId(env + id).setOccurredAt(at).setEnvironmentId(env).setProfileId(id)
                .setName(id).setOrganisationType("prospect").setOfferNewRegistrations(true)
                .setPostcodeRanges(List.of(PostcodeRange.newBuilder().setFrom(from).setTo(from + 999).build()))
                .setSbiInclude(List.of(code.substring(0, 2))).setSbiScope(SbiScope.ANY).setVersion(1).build();
    }

    static KafkaProducer<String, SpecificRecord> producer(EmbeddedInfrastructure infra) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(MatcherSerdes.serializerConfig(infra.registryUrl()), false);
        return new KafkaProducer<>(config, new StringSerializer(), serializer);
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.PROPOSAL_RAISED).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    static void await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("condition not met within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
