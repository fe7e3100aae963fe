package nl.kvksync.matcher.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.matcher.imports.ImportSettings;
import nl.kvksync.matcher.platform.PlatformProperties;
import nl.kvksync.matcher.routing.MatcherSerdes;
import nl.kvksync.matcher.routing.MatcherTopology;
import nl.kvksync.matcher.routing.RegisterEntry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts and stops the matcher topology with the service. Reads the platform's topics with the registry serdes,
 * exactly-once v2 by default (producer tuned for Kafka 4's transactions V2, see {@link #config}), one stream thread;
 * a dead stream thread is replaced. Exposes the Streams state (for readiness) and the on-disk register (for the dry
 * run's sample).
 */
@Component
public class MatcherStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MatcherStreams.class);

    private final StreamsProperties properties;
    private final PlatformProperties platform;
    private final String bootstrapServers;
    private final MatcherTopology.State state;
    private final MeterRegistry meters;
    private volatile KafkaStreams streams;
    private volatile boolean wasRunning;
    private DeadLetterPublisher deadLetters;
    private KafkaStreamsMetrics metrics;

    MatcherStreams(StreamsProperties properties, PlatformProperties platform,
            @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers, MatcherTopology.State state,
            MeterRegistry meters) {
        this.properties = properties;
        this.platform = platform;
        this.bootstrapServers = bootstrapServers;
        this.state = state;
        this.meters = meters;
    }

    /** The Streams configuration for {@code bootstrapServers}; also used by the benchmark harness. */
    public static Properties config(StreamsProperties p, String bootstrapServers, short replicationFactor,
            DeadLetterPublisher deadLetters) {
        Properties c = new Properties();
        c.put(StreamsConfig.APPLICATION_ID_CONFIG, p.applicationId());
        c.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(StreamsConfig.STATE_DIR_CONFIG, p.stateDir());
        c.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, p.threads());
        c.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, p.processingGuarantee());
        c.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, p.commitInterval().toMillis());
        c.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replicationFactor);
        c.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RegisterStoreOptions.class);
        c.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Deserialization.class);
        c.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Processing.class);
        c.put(DeadLetterHandlers.PUBLISHER, deadLetters);
        c.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        c.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // Fewer, larger produce requests: a proposal is 1-2 KB, a commit flushes whatever lingers anyway.
        c.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 20);
        c.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 128 * 1024);
        // Transactions V2 (KIP-890, on by default from Kafka 4.0): the first produce of a transaction to a partition
        // adds the partition on the broker, which waits for the previous commit's markers for at most
        // add.partitions.to.txn.retry.backoff.max.ms (100 ms by default). When a busy broker needs longer, the
        // produce fails with CONCURRENT_TRANSACTIONS and every batch pipelined behind it with
        // OUT_OF_ORDER_SEQUENCE_NUMBER; the producer retries them with retry.backoff.ms doubling up to
        // retry.backoff.max.ms: with the client defaults (100 ms to 1 s) up to a second per commit, ten commits a
        // second. Retry quickly, and cap the back-off well below the commit interval (see the README).
        c.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 20);
        c.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG), 250);
        if (p.overrides() != null) {
            c.putAll(p.overrides());
        }
        return c;
    }

    public static ImportSettings importSettings(StreamsProperties p) {
        return new ImportSettings(p.importChunkSize(), p.importInterval(), p.importHardCap());
    }

    @Override
    public synchronized void start() {
        deadLetters = new DeadLetterPublisher(bootstrapServers, meters);
        Topology topology = MatcherTopology.build(MatcherSerdes.registry(platform.registryUrl()), state, meters,
                importSettings(properties), partitionsOf(Topics.REGISTRATION_CHANGED));
        log.debug("matcher topology:\n{}", topology.describe());
        KafkaStreams s = new KafkaStreams(topology, config(properties, bootstrapServers,
                platform.replicationFactor(), deadLetters));
        s.setUncaughtExceptionHandler(e -> {
            log.error("a stream thread died; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        s.setStateListener((now, before) -> {
            log.info("Kafka Streams {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                wasRunning = true;
            }
        });
        metrics = new KafkaStreamsMetrics(s);
        metrics.bindTo(meters);
        streams = s;
        s.start();
    }

    private int partitionsOf(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
        } catch (Exception e) {
            log.warn("could not read the partition count of {} ({}); Kafka Streams decides", topic, e.toString());
            return 0;
        }
    }

    @Override
    public synchronized void stop() {
        KafkaStreams s = streams;
        if (s != null) {
            s.close(Duration.ofSeconds(30));
            streams = null;
        }
        if (metrics != null) {
            metrics.close();
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    @Override
    public int getPhase() {
        // After the web server and the topic creation, before nothing else: stop early, start late.
        return Integer.MAX_VALUE - 100;
    }

    public KafkaStreams.State state() {
        KafkaStreams s = streams;
        return s == null ? KafkaStreams.State.NOT_RUNNING : s.state();
    }

    /** Ready once Streams reached RUNNING; a rebalance after that keeps it ready. */
    public boolean ready() {
        KafkaStreams.State now = state();
        return now == KafkaStreams.State.RUNNING || (wasRunning && now == KafkaStreams.State.REBALANCING);
    }

    /** The on-disk snapshot of a registration, when Streams can answer. */
    public Optional<Registration> snapshot(String registrationKey) {
        KafkaStreams s = streams;
        if (s == null || !ready()) {
            return Optional.empty();
        }
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = s.store(StoreQueryParameters
                    .fromNameAndType(MatcherTopology.REGISTER, QueryableStoreTypes.keyValueStore()));
            return Optional.ofNullable(store.get(registrationKey)).map(RegisterEntry::registration);
        } catch (RuntimeException e) {
            log.debug("register store not queryable: {}", e.toString());
            return Optional.empty();
        }
    }
}
