package nl.kvksync.matcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import nl.kvksync.contracts.AvroWire;
import nl.kvksync.matcher.routing.MatcherSerdes;
import nl.kvksync.testsupport.infra.Infrastructure;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka from the matcher's tests, as the other services write and read it. Produces with the registry serializer
 * set to the latest version of the subject ({@link MatcherSerdes#serializerConfig}): test-support's AvroClients.send
 * looks schemas up by content, which Apicurio 2.6.13 fails for schemas with nested named types. One producer per
 * test JVM (a new idempotent producer per record costs a metadata round and a producer id each time). Reads
 * read_committed, as review-api does, from the start of every partition without a consumer group (no group join).
 */
public final class TestKafka {

    private static final Map<String, KafkaProducer<String, SpecificRecord>> PRODUCERS = new HashMap<>();

    private TestKafka() {
    }

    public static KafkaProducer<String, SpecificRecord> producer(Infrastructure infra) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(MatcherSerdes.serializerConfig(infra.registryUrl()), false);
        return new KafkaProducer<>(config, new StringSerializer(), serializer);
    }

    /** Sends one record and waits until the broker has it. */
    public static void send(Infrastructure infra, String topic, String key, SpecificRecord value) {
        try {
            shared(infra).send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    private static synchronized KafkaProducer<String, SpecificRecord> shared(Infrastructure infra) {
        return PRODUCERS.computeIfAbsent(infra.bootstrapServers(), b -> {
            KafkaProducer<String, SpecificRecord> producer = producer(infra);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> producer.close(Duration.ofSeconds(5))));
            return producer;
        });
    }

    /**
     * Reads {@code topic} (read_committed) from the start until {@code done} holds for the values of {@code type}
     * matching {@code filter}, or {@code timeout} passes; returns the matching records.
     */
    public static <T> List<ConsumerRecord<String, T>> await(Infrastructure infra, String topic, Class<T> type,
            Predicate<T> filter, Predicate<List<ConsumerRecord<String, T>>> done, Duration timeout) {
        List<ConsumerRecord<String, T>> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, Object> consumer = consumer(infra)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (System.nanoTime() < deadline && !done.test(found)) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(100))) {
                    if (type.isInstance(record.value()) && filter.test(type.cast(record.value()))) {
                        @SuppressWarnings("unchecked")
                        ConsumerRecord<String, T> typed = (ConsumerRecord<String, T>) (ConsumerRecord<String, ?>) record;
                        found.add(typed);
                    }
                }
            }
        }
        return found;
    }

    /**
     * Every committed value of {@code type} on {@code topic} matching {@code filter}: read from the start up to the
     * last stable offsets of the moment of the call.
     */
    public static <T> List<T> readAll(Infrastructure infra, String topic, Class<T> type, Predicate<T> filter) {
        List<T> found = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = consumer(infra)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(100))) {
                    if (type.isInstance(record.value()) && filter.test(type.cast(record.value()))) {
                        found.add(type.cast(record.value()));
                    }
                }
            }
        }
        return found;
    }

    private static KafkaConsumer<String, Object> consumer(Infrastructure infra) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        AvroKafkaDeserializer<Object> values = new AvroKafkaDeserializer<>();
        values.configure(AvroWire.serdeConfig(infra.registryUrl()), false);
        return new KafkaConsumer<>(config, new StringDeserializer(), values);
    }
}
