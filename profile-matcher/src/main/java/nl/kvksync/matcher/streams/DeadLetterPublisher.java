package nl.kvksync.matcher.streams;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import nl.kvksync.contracts.TopicCatalogue;
import nl.kvksync.contracts.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a record the topology could not read or process, byte for byte, to {@code <topic>-dlt} with the failure
 * in headers ({@code kvksync-dlt-exception}, {@code kvksync-dlt-message}, original topic, partition, offset), and
 * waits for the broker to have it. Records of internal topics are only logged and counted (the source record they
 * came from was readable). Metric {@code kvksync.dead.letters{topic}}.
 */
public final class DeadLetterPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final MeterRegistry meters;

    public DeadLetterPublisher(String bootstrapServers, MeterRegistry meters) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "profile-matcher-dlt");
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.meters = meters;
    }

    public void publish(String topic, int partition, long offset, byte[] key, byte[] value, Exception failure) {
        meters.counter("kvksync.dead.letters", "topic", String.valueOf(topic)).increment();
        log.warn("dead-lettering {}-{}@{}: {}", topic, partition, offset, String.valueOf(failure));
        if (topic == null || TopicCatalogue.find(topic).isEmpty()) {
            return;
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.dlt(topic), key, value);
        header(record, "kvksync-dlt-exception", failure.getClass().getName());
        header(record, "kvksync-dlt-message", String.valueOf(failure.getMessage()));
        header(record, "kvksync-dlt-original-topic", topic);
        header(record, "kvksync-dlt-original-partition", Integer.toString(partition));
        header(record, "kvksync-dlt-original-offset", Long.toString(offset));
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not dead-letter " + topic + "-" + partition + "@" + offset, e);
        }
    }

    private static void header(ProducerRecord<byte[], byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
