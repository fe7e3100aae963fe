package nl.kvksync.benchmarks.matcher;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
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
import nl.kvksync.contracts.matcher.ProposalRaised;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * A weekly feed through the matcher topology on the real (embedded) broker and registry: 10 environments with the
 * advanced module, 200 profiles offering new registrations, 100,000 subscriptions; then 25,000 changes (20,000
 * CHANGED and 1,500 ENDED of followed registrations, 3,500 NEW) are produced and the time until the last proposal
 * is visible to a read_committed consumer is reported. The matcher runs with the service's Streams configuration
 * ({@link MatcherStreams#config}) and the defaults of {@link StreamsProperties}, one stream thread, as the service
 * runs. The week's records are serialised with the platform's serializer before the clock starts (the ingestor's
 * serialisation is not the matcher's work) and sent as bytes.
 * <p>
 * Arguments: {@code [subscriptions=100000] [guarantee=exactly_once_v2] [variant...]}. Each variant is a
 * comma-separated list of {@code key=value} overrides of the Streams configuration (a Streams, {@code producer.} or
 * {@code consumer.} key, or a {@code kvksync.matcher.streams.*} property such as
 * {@code kvksync.matcher.streams.commit-interval=500ms}); the variants run one after the other on the same broker,
 * each with a fresh application id (so each loads the subscriptions again). {@code -Dbench.jfr=week.jfr} records the
 * last variant's week with JFR. Run from the project root (it needs the Maven classpath for the broker child):
 * {@code ./mvnw -q -pl benchmarks exec:exec -Dexec.executable=java
 * -Dexec.args="-Xmx1g -Dorg.apache.avro.SERIALIZABLE_PACKAGES=nl.kvksync.contracts -cp %classpath
 * nl.kvksync.benchmarks.matcher.WeekThroughTopology 100000 exactly_once_v2"}
 */
public final class WeekThroughTopology {

    static final int ENVIRONMENTS = 10;
    static final int PROFILES_PER_ENVIRONMENT = 20;
    static final int CHANGED = 20_000;
    static final int ENDED = 1_500;
    static final int CREATED = 3_500;

    private WeekThroughTopology() {
    }

    public static void main(String[] args) throws Exception {
        AvroWire.trustGeneratedPackages();
        int subscriptions = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String guarantee = args.length > 1 ? args[1] : "exactly_once_v2";
        List<String> variants = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("");
        Path work = Path.of("target", "bench-week").toAbsolutePath();
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(work)) {
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
            producer.close();
            for (int v = 0; v < variants.size(); v++) {
                run(infra, work, subscriptions, guarantee, variants.get(v), v + 1, random, now,
                        v == variants.size() - 1);
            }
        }
    }

    static void run(EmbeddedInfrastructure infra, Path work, int subscriptions, String guarantee, String variant,
            int number, SplittableRandom random, Instant now, boolean record) throws Exception {
        String bootstrap = infra.bootstrapServers();
        Map<String, String> overrides = overrides(variant);
        Map<String, String> bound = new HashMap<>();
        overrides.forEach((k, v) -> {
            if (k.startsWith("kvksync.matcher.streams.")) {
                bound.put(k, v);
            }
        });
        bound.put("kvksync.matcher.streams.application-id", "bench-matcher-" + UUID.randomUUID());
        bound.put("kvksync.matcher.streams.state-dir", work.resolve("streams").toString());
        bound.put("kvksync.matcher.streams.processing-guarantee", guarantee);
        StreamsProperties properties = new Binder(new MapConfigurationPropertySource(bound))
                .bindOrCreate("kvksync.matcher.streams", StreamsProperties.class);
        MatcherTopology.State state = MatcherTopology.State.empty();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        String feed = "week-" + number;
        try (DeadLetterPublisher deadLetters = new DeadLetterPublisher(bootstrap, meters)) {
            Properties config = MatcherStreams.config(properties, bootstrap, (short) 1, deadLetters);
            overrides.forEach((k, v) -> {
                if (!k.startsWith("kvksync.")) {
                    config.put(k, v);
                }
            });
            System.out.printf("%n== variant %d: %s %s%n", number, properties.processingGuarantee(),
                    variant.isEmpty() ? "(service defaults)" : variant);
            System.out.printf("commit interval %s, threads %d%n", properties.commitInterval(), properties.threads());
            skipEarlierWeeks(bootstrap, properties.applicationId());
            KafkaStreams streams = new KafkaStreams(MatcherTopology.build(
                    MatcherSerdes.registry(infra.registryUrl()), state, meters, ImportSettings.DEFAULTS, 3), config);
            long startup = System.nanoTime();
            List<String> transitions = java.util.Collections.synchronizedList(new ArrayList<>());
            streams.setStateListener((after, before) -> transitions.add(String.format("%.1fs %s->%s",
                    (System.nanoTime() - startup) / 1e9, before, after)));
            streams.start();
            await(() -> streams.state() == KafkaStreams.State.RUNNING && state.subscribed().size() == subscriptions
                    && state.profiles().size() == ENVIRONMENTS * PROFILES_PER_ENVIRONMENT
                    && state.environments().size() == ENVIRONMENTS, Duration.ofMinutes(5));
            System.out.printf("topology RUNNING with %,d subscriptions and %d profiles after %.1f s%n",
                    state.subscribed().size(), state.profiles().size(), (System.nanoTime() - startup) / 1e9);
            report("loading", streams, transitions);

            List<ProducerRecord<byte[], byte[]>> week = new ArrayList<>(CHANGED + ENDED + CREATED);
            long expected = 0;
            try (AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>()) {
                serializer.configure(MatcherSerdes.serializerConfig(infra.registryUrl()), false);
                for (int i = 0; i < CHANGED; i++) {
                    Registration r = registration(key((i * 5) % subscriptions), random);
                    week.add(bytes(serializer, change(MutationKind.CHANGED, r, Registration.newBuilder(r)
                            .setWebsite("https://www.example" + i + ".nl").build(), feed, i, List.of("website"),
                            now)));
                    expected++;
                }
                for (int i = 0; i < ENDED; i++) {
                    Registration r = registration(key((i * 5 + 1) % subscriptions), random);
                    week.add(bytes(serializer, change(MutationKind.ENDED, r, Registration.newBuilder(r)
                            .setStatus(RegistrationStatus.ENDED).setEndDate("2026-11-27").build(), feed,
                            CHANGED + i, List.of("status", "endDate"), now)));
                    expected++;
                }
                for (int i = 0; i < CREATED; i++) {
                    Registration r = registration(key(10_000_000 + i), random);
                    week.add(bytes(serializer, change(MutationKind.NEW, null, r, feed, CHANGED + ENDED + i,
                            List.of(), now)));
                    Set<String> envs = new HashSet<>();
                    for (CompiledProfile p : state.profiles().forNewRegistrations().match(RegistrationFacts.of(r))) {
                        envs.add(p.environmentId());
                    }
                    expected += envs.size();
                }
            }

            jdk.jfr.Recording jfr = record ? startRecording() : null;
            try (KafkaProducer<byte[], byte[]> changes = byteProducer(bootstrap);
                    KafkaConsumer<byte[], byte[]> proposals = consumer(bootstrap)) {
                List<byte[]> seen = new ArrayList<>(CHANGED + ENDED + CREATED);
                long t0 = System.nanoTime();
                for (ProducerRecord<byte[], byte[]> c : week) {
                    changes.send(c);
                }
                changes.flush();
                long produced = System.nanoTime();
                long deadline = produced + Duration.ofMinutes(5).toNanos();
                while (seen.size() < expected && System.nanoTime() < deadline) {
                    proposals.poll(Duration.ofMillis(20)).forEach(r -> seen.add(r.value()));
                }
                long done = System.nanoTime();
                System.out.printf("changes produced        %,d in %.2f s%n", week.size(), (produced - t0) / 1e9);
                System.out.printf("proposals expected      %,d (UPDATE %,d, ENDED %,d, NEW %,d)%n", expected,
                        CHANGED, ENDED, expected - CHANGED - ENDED);
                System.out.printf("proposals seen          %,d (read_committed)%n", seen.size());
                // After the clock: every proposal seen belongs to this week, and none is there twice.
                Set<String> ids = new HashSet<>();
                long foreign = 0;
                try (AvroKafkaDeserializer<Object> reader = new AvroKafkaDeserializer<>()) {
                    reader.configure(AvroWire.serdeConfig(infra.registryUrl()), false);
                    for (byte[] value : seen) {
                        ProposalRaised p = (ProposalRaised) reader.deserialize(Topics.PROPOSAL_RAISED, value);
                        if (!feed.equals(p.getFeedId())) {
                            foreign++;
                        }
                        ids.add(p.getProposalId());
                    }
                }
                System.out.printf("distinct proposal ids   %,d (%,d duplicates, %,d of another week)%n", ids.size(),
                        seen.size() - ids.size(), foreign);
                System.out.printf("week through topology   %.2f s from first change produced to last proposal"
                        + " committed%n", (done - t0) / 1e9);
                System.out.printf("                        %.2f s after the last change was produced%n",
                        (done - produced) / 1e9);
                System.out.printf("dead letters            %.0f%n", meters.find("kvksync.dead.letters")
                        .counters().stream().mapToDouble(c -> c.count()).sum());
            }
            stopRecording(jfr);
            report("after the week", streams, transitions);
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
        }
    }

    /**
     * Earlier variants' weeks are on kvk.registration-changed.v1 too: start this application id's group at the end
     * of that topic, as a matcher deployed before the week would be (the compacted state topics are read from the
     * start).
     */
    static void skipEarlierWeeks(String bootstrap, String applicationId) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(Topics.REGISTRATION_CHANGED)).allTopicNames().get()
                    .get(Topics.REGISTRATION_CHANGED).partitions()
                    .forEach(p -> latest.put(new TopicPartition(Topics.REGISTRATION_CHANGED, p.partition()),
                            OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp,
                    new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(applicationId, ends).all().get();
        }
    }

    static Map<String, String> overrides(String variant) {
        Map<String, String> overrides = new java.util.LinkedHashMap<>();
        for (String pair : variant.split(",")) {
            if (!pair.isBlank()) {
                int eq = pair.indexOf('=');
                overrides.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return overrides;
    }

    static ProducerRecord<byte[], byte[]> bytes(AvroKafkaSerializer<SpecificRecord> serializer,
            RegistrationChanged change) {
        return new ProducerRecord<>(Topics.REGISTRATION_CHANGED,
                change.getRegistrationKey().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                serializer.serialize(Topics.REGISTRATION_CHANGED, change));
    }

    /** Streams state transitions and the metrics that tell a healthy exactly-once run from a retrying one. */
    static void report(String phase, KafkaStreams streams, List<String> transitions) {
        System.out.printf("-- %s: state transitions %s%n", phase, transitions);
        Map<String, Double> sums = new java.util.TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            String group = name.group();
            String client = name.tags().getOrDefault("client-id", "");
            boolean thread = group.equals("stream-thread-metrics");
            boolean producer = group.equals("producer-metrics") && client.endsWith("-producer");
            if ((thread && List.of("commit-total", "commit-latency-avg", "commit-latency-max", "poll-total",
                    "process-total", "punctuate-total", "task-created-total", "task-closed-total")
                    .contains(name.name()))
                    || (producer && List.of("record-retry-total", "record-error-total", "record-send-total",
                            "batch-size-avg", "records-per-request-avg", "request-latency-avg", "txn-commit-time-ns-total",
                            "txn-begin-time-ns-total", "txn-send-offsets-time-ns-total", "flush-time-ns-total")
                            .contains(name.name()))) {
                Object v = metric.metricValue();
                if (v instanceof Number n) {
                    sums.merge((thread ? "thread " : "producer ") + name.name(), n.doubleValue(), Double::sum);
                }
            }
        });
        sums.forEach((k, v) -> System.out.printf("   %-40s %,.1f%n", k, v));
    }

    /** -Dbench.jfr=file.jfr records the week phase (not the loading) with the JDK's profiling settings. */
    static jdk.jfr.Recording startRecording() throws Exception {
        String file = System.getProperty("bench.jfr");
        if (file == null) {
            return null;
        }
        jdk.jfr.Recording r = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        r.setDestination(Path.of(file));
        r.start();
        return r;
    }

    static void stopRecording(jdk.jfr.Recording r) {
        if (r != null) {
            r.stop();
            r.close();
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

    static KafkaProducer<byte[], byte[]> byteProducer(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
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
