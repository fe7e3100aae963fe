package nl.kvksync.crmsync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import nl.kvksync.contracts.AvroWire;
import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.OrganisationChanged;
import nl.kvksync.contracts.review.ProposalDecided;
import nl.kvksync.crmsync.CrmSyncApplication;
import nl.kvksync.crmsync.platform.PlatformProperties;
import nl.kvksync.crmsync.support.Decisions;
import nl.kvksync.crmsync.support.Registrations;
import nl.kvksync.testsupport.infra.EmbeddedInfrastructure;
import nl.kvksync.testsupport.infra.Infrastructure;
import nl.kvksync.testsupport.infra.MongoStandIn;
import nl.kvksync.testsupport.spring.KvkStackContextCustomizerFactory;
import nl.kvksync.testsupport.spring.TestTokens;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * How fast crm-sync applies review decisions: starts the embedded broker and registry, a MongoDB stand-in
 * (in memory, or on an H2 file as {@code ./kvk demo} runs it, {@code -Dbench.mongo=h2}) and the service itself, then
 * runs three phases of {@code -Dbench.decisions} (default 20,000) decisions each and counts the
 * OrganisationChanged events until every one is out:
 * <ol>
 * <li>NEW, backlog: the decisions wait on the topic (listener stopped), then the listener starts — the bulk-accept
 * case, measured from the listener's start to the last event;</li>
 * <li>UPDATE, backlog: an accepted UPDATE (three fields) for every organisation created in phase 1;</li>
 * <li>UPDATE, live: decisions published while the listener runs; measured from the first send to the last event,
 * with the latency of each decision (send to its event seen).</li>
 * </ol>
 * Prints the figures and writes them to {@code target/bench/crm-sync-decisions.json}. Not a test: run it with
 * {@code ./mvnw -q -B -pl crm-sync-service test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=nl.kvksync.crmsync.bench.DecisionApplyBenchmark}.
 */
public final class DecisionApplyBenchmark {

    private DecisionApplyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        AvroWire.trustGeneratedPackages();
        int n = Integer.getInteger("bench.decisions", 20_000);
        boolean h2 = "h2".equals(System.getProperty("bench.mongo", "memory"));
        Path work = Files.createDirectories(Path.of("target", "bench"));
        Map<String, Object> results = new LinkedHashMap<>();
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(work.resolve("infra"));
                MongoStandIn h2Mongo = h2 ? MongoStandIn.onDisk(Files.createTempDirectory(work, "h2-")
                        .resolve("crm.h2"), 0) : null) {
            Map<String, Object> properties = new HashMap<>(KvkStackContextCustomizerFactory.properties(infra));
            if (h2Mongo != null) {
                properties.put("spring.mongodb.uri", h2Mongo.uri());
            }
            properties.put("server.port", "0");
            properties.put("kvksync.crmsync.outbox.sweep-interval", "1h");
            properties.put("logging.level.root", "WARN");
            properties.put("logging.level.nl.kvksync", "WARN");
            // command-line arguments outrank application.yml (default properties would not)
            String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CrmSyncApplication.class)
                    .run(arguments)) {
                String port = app.getEnvironment().getProperty("local.server.port");
                String env = "bench" + System.currentTimeMillis() % 100_000;
                createEnvironment(port, env);
                MessageListenerContainer listener = app.getBean(KafkaListenerEndpointRegistry.class)
                        .getListenerContainer("proposal-decided");
                results.put("decisionsPerPhase", n);
                results.put("mongo", h2 ? "mongo-java-server H2 backend (file)" : "mongo-java-server in memory");
                results.put("machine", Runtime.getRuntime().availableProcessors() + " cores, JVM max heap "
                        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
                results.put("concurrency", app.getEnvironment().getProperty("kvksync.crmsync.decisions.concurrency"));
                results.put("maxPollRecords",
                        app.getEnvironment().getProperty("kvksync.crmsync.decisions.max-poll-records"));

                String[] organisationIds = new String[n];
                results.put("new-backlog", backlog(infra, listener, env, n, i -> Decisions.acceptNew(env,
                        Registrations.numbered(i).build(), null), organisationIds));
                results.put("update-backlog", backlog(infra, listener, env, n, i -> Decisions.acceptUpdate(env,
                        organisationIds[i], Registrations.numbered(i).setEmployees(1000 + i)
                                .setWebsite("https://www.bakkerij" + i + ".example.nl").setTradeName("Bakkerij " + i
                                        + " B.V.").build(), "employees", "website", "tradeName"), null));
                results.put("update-live", live(infra, env, n, i -> Decisions.acceptUpdate(env, organisationIds[i],
                        Registrations.numbered(i).setEmployees(2000 + i).build(), "employees"), organisationIds));
            }
        }
        String json = toJson(results);
        Files.writeString(work.resolve("crm-sync-decisions.json"), json);
        System.out.println(json);
    }

    /** Publishes n decisions with the listener stopped, starts it, waits for n events; ids[i] gets the i-th's org. */
    private static Map<String, Object> backlog(Infrastructure infra, MessageListenerContainer listener, String env,
            int n, IntFunction<ProposalDecided> decision, String[] organisationIds) throws Exception {
        listener.stop();
        Map<String, Integer> indexByDecision = new HashMap<>();
        try (EventCounter counter = new EventCounter(infra, env)) {
            long publishStart = System.nanoTime();
            try (KafkaProducer<String, SpecificRecord> producer = producer(infra)) {
                for (int i = 0; i < n; i++) {
                    ProposalDecided d = decision.apply(i);
                    indexByDecision.put(d.getDecisionId(), i);
                    producer.send(new ProducerRecord<>(Topics.PROPOSAL_DECIDED,
                            Topics.tenantKey(env, d.getRegistrationKey()), d));
                }
                producer.flush();
            }
            double publishSeconds = (System.nanoTime() - publishStart) / 1e9;
            long start = System.nanoTime();
            long cpuStart = cpuNanos();
            listener.start();
            List<ConsumerRecord<String, byte[]>> events = counter.awaitCount(n, start, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (cpuNanos() - cpuStart) / 1e9;
            if (organisationIds != null) {
                var deserializer = new io.apicurio.registry.serde.avro.AvroKafkaDeserializer<OrganisationChanged>();
                deserializer.configure(AvroWire.serdeConfig(infra.registryUrl()), false);
                for (ConsumerRecord<String, byte[]> r : events) {
                    OrganisationChanged e = deserializer.deserialize(r.topic(), r.value());
                    organisationIds[indexByDecision.get(e.getDecisionId())] = e.getOrganisationId();
                }
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("publishSeconds", round(publishSeconds));
            figures.put("applySeconds", round(seconds));
            figures.put("decisionsPerSecond", Math.round(n / seconds));
            figures.put("processCpuSeconds", round(cpuSeconds));
            figures.put("loadAverageAtEnd", round(loadAverage()));
            figures.put("completionP50Seconds", round(counter.completionPercentile(0.50)));
            figures.put("completionP99Seconds", round(counter.completionPercentile(0.99)));
            System.out.printf(Locale.ROOT, "backlog of %d: applied in %.2f s (%d/s)%n", n, seconds,
                    Math.round(n / seconds));
            return figures;
        }
    }

    /** Publishes n decisions while the listener runs; measures first send to last event, and each latency. */
    private static Map<String, Object> live(Infrastructure infra, String env, int n,
            IntFunction<ProposalDecided> decision, String[] organisationIds) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        try (EventCounter counter = new EventCounter(infra, env)) {
            long start = System.nanoTime();
            long cpuStart = cpuNanos();
            try (KafkaProducer<String, SpecificRecord> producer = producer(infra)) {
                for (int i = 0; i < n; i++) {
                    ProposalDecided d = decision.apply(i);
                    sentAt.put(Topics.tenantKey(env, organisationIds[i]), System.nanoTime());
                    producer.send(new ProducerRecord<>(Topics.PROPOSAL_DECIDED,
                            Topics.tenantKey(env, d.getRegistrationKey()), d));
                }
                producer.flush();
            }
            List<ConsumerRecord<String, byte[]>> events = counter.awaitCount(n, start, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] latencies = new double[events.size()];
            for (int i = 0; i < events.size(); i++) {
                latencies[i] = (counter.seenAt(i) - sentAt.get(events.get(i).key())) / 1e9;
            }
            Arrays.sort(latencies);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("totalSeconds", round(seconds));
            figures.put("processCpuSeconds", round((cpuNanos() - cpuStart) / 1e9));
            figures.put("loadAverageAtEnd", round(loadAverage()));
            figures.put("decisionsPerSecond", Math.round(n / seconds));
            figures.put("latencyP50Seconds", round(latencies[(int) (latencies.length * 0.50)]));
            figures.put("latencyP99Seconds", round(latencies[(int) (latencies.length * 0.99)]));
            System.out.printf(Locale.ROOT, "live %d: %.2f s (%d/s)%n", n, seconds, Math.round(n / seconds));
            return figures;
        }
    }

    private static KafkaProducer<String, SpecificRecord> producer(Infrastructure infra) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(PlatformProperties.producerSerdeConfig(infra.registryUrl()), false);
        return new KafkaProducer<>(config, new StringSerializer(), serializer);
    }

    private static void createEnvironment(String port, String env) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/environments"))
                .header("Authorization", TestTokens.bearer("kvk-admin", env))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"environmentId\":\"" + env
                        + "\",\"basicModule\":true,\"advancedModule\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("environment not created: " + response.statusCode() + response.body());
        }
    }

    /** Counts OrganisationChanged records of one environment from the current end of the topic. */
    private static final class EventCounter implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final String prefix;
        private final List<Long> seen = new ArrayList<>();
        private long start;

        EventCounter(Infrastructure infra, String env) {
            Map<String, Object> config = new HashMap<>();
            config.put("bootstrap.servers", infra.bootstrapServers());
            config.put("enable.auto.commit", false);
            consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ORGANISATION_CHANGED).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            prefix = env + ":";
        }

        List<ConsumerRecord<String, byte[]>> awaitCount(int n, long startNanos, Duration timeout) {
            start = startNanos;
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>(n);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + found.size() + " of " + n + " events within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.key() != null && r.key().startsWith(prefix)) {
                        found.add(r);
                        seen.add(System.nanoTime());
                    }
                }
            }
            return found;
        }

        long seenAt(int i) {
            return seen.get(i);
        }

        double completionPercentile(double p) {
            return (seen.get(Math.min(seen.size() - 1, (int) (seen.size() * p))) - start) / 1e9;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /** CPU time of this JVM (service, Mongo stand-in in memory, harness), all threads. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    private static String toJson(Map<String, Object> map) {
        StringBuilder b = new StringBuilder("{");
        map.forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(",\n ");
            }
            b.append('"').append(k).append("\": ");
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> inner = (Map<String, Object>) m;
                b.append(toJson(inner));
            } else if (v instanceof Number || v instanceof Boolean) {
                b.append(v);
            } else {
                b.append('"').append(v).append('"');
            }
        });
        return b.append('}').toString();
    }

    static Instant now() {
        return Instant.now();
    }
}
