package nl.kvksync.testsupport.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import nl.kvksync.contracts.AvroWire;
import nl.kvksync.testsupport.infra.Infrastructure;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Producers and consumers of the platform's topics for tests and tools, with the Apicurio serdes configured
 * exactly as the services configure them (serde instances passed to a client are not configured by it).
 */
public final class AvroClients {

    private AvroClients() {
    }

    public static KafkaProducer<String, SpecificRecord> producer(Infrastructure infra) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(AvroWire.serdeConfig(infra.registryUrl()), false);
        return new KafkaProducer<>(config, new StringSerializer(), serializer);
    }

    /** A consumer in a fresh group reading from the start of {@code topic}. */
    public static KafkaConsumer<String, Object> consumer(Infrastructure infra, String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        AvroKafkaDeserializer<Object> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(AvroWire.serdeConfig(infra.registryUrl()), false);
        KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config, new StringDeserializer(), deserializer);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    public static void send(Infrastructure infra, String topic, String key, SpecificRecord value) {
        try (KafkaProducer<String, SpecificRecord> producer = producer(infra)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    /**
     * Reads {@code topic} from the start until {@code done} holds for the records matching {@code filter}, or
     * {@code timeout} passes; returns the matching records.
     */
    @SuppressWarnings("unchecked")
    public static <T> List<ConsumerRecord<String, T>> await(Infrastructure infra, String topic, Class<T> type,
            Predicate<T> filter, Predicate<List<ConsumerRecord<String, T>>> done, Duration timeout) {
        List<ConsumerRecord<String, T>> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, Object> consumer = consumer(infra, topic)) {
            while (System.nanoTime() < deadline && !done.test(found)) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    if (type.isInstance(record.value()) && filter.test(type.cast(record.value()))) {
                        found.add((ConsumerRecord<String, T>) (ConsumerRecord<String, ?>) record);
                    }
                }
            }
        }
        return found;
    }
}
