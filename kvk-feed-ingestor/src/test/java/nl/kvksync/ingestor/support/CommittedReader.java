package nl.kvksync.ingestor.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import nl.kvksync.contracts.AvroWire;
import nl.kvksync.testsupport.infra.EmbeddedInfrastructure;
import nl.kvksync.testsupport.infra.Infrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its start with isolation.level=read_committed, as every consumer of the ingestor's
 * transactional topics must: records of aborted transactions are never seen.
 */
public final class CommittedReader {

    private CommittedReader() {
    }

    /** Matching values in topic order, once at least {@code atLeast} are there (or after 30 s). */
    public static <T> List<T> values(String topic, Class<T> type, Predicate<T> filter, int atLeast) {
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<String, Object> r : records(EmbeddedInfrastructure.shared(), topic, type, filter,
                atLeast, Duration.ofSeconds(30))) {
            out.add(type.cast(r.value()));
        }
        return out;
    }

    /** Polls until {@code atLeast} matching records came and then one more empty poll (to see extra ones). */
    public static <T> List<ConsumerRecord<String, Object>> records(Infrastructure infra, String topic, Class<T> type,
            Predicate<T> filter, int atLeast, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        AvroKafkaDeserializer<Object> values = new AvroKafkaDeserializer<>();
        values.configure(AvroWire.serdeConfig(infra.registryUrl()), false);
        List<ConsumerRecord<String, Object>> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            boolean enough = false;
            while (System.nanoTime() < deadline) {
                var batch = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, Object> r : batch) {
                    if (type.isInstance(r.value()) && filter.test(type.cast(r.value()))) {
                        found.add(r);
                    }
                }
                if (enough && batch.isEmpty()) {
                    break;
                }
                enough = found.size() >= atLeast;
            }
        }
        return found;
    }
}
