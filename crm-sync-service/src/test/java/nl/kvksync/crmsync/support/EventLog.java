package nl.kvksync.crmsync.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import nl.kvksync.contracts.AvroWire;
import nl.kvksync.contracts.Topics;
import nl.kvksync.testsupport.infra.Infrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything crm-sync publishes, read from the beginning of its topics by one consumer (assigned, no group) on a
 * daemon thread for the whole test JVM, so a test asks "has this event arrived" without joining a group each time.
 * Values are decoded with the Apicurio deserializer configured as in the services; the dead-letter topic is kept
 * as raw bytes.
 */
public final class EventLog {

    /** One record as read. */
    public record Event(String topic, String key, Object value, byte[] raw, Headers headers) {
    }

    public static final List<String> TOPICS = List.of(Topics.ORGANISATION_CHANGED, Topics.SUBSCRIPTIONS,
            Topics.ENVIRONMENTS, Topics.DECISION_FAILED, Topics.dlt(Topics.PROPOSAL_DECIDED));
    private static final Duration TIMEOUT = Duration.ofSeconds(45);
    private static EventLog shared;

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>();
    private volatile boolean running = true;

    private EventLog(Infrastructure infra) {
        avro.configure(AvroWire.serdeConfig(infra.registryUrl()), false);
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Thread reader = new Thread(this::read, "event-log");
        reader.setDaemon(true);
        reader.start();
    }

    public static synchronized EventLog shared(Infrastructure infra) {
        if (shared == null) {
            shared = new EventLog(infra);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "event-log-close"));
        }
        return shared;
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    Object value = null;
                    if (!r.topic().endsWith(Topics.DLT_SUFFIX) && r.value() != null) {
                        value = avro.deserialize(r.topic(), r.headers(), r.value());
                    }
                    events.add(new Event(r.topic(), r.key(), value, r.value(), r.headers()));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private void close() {
        running = false;
        consumer.wakeup();
    }

    public List<Event> all(String topic) {
        return events.stream().filter(e -> e.topic().equals(topic)).toList();
    }

    public <T> List<T> values(String topic, Class<T> type, Predicate<T> filter) {
        return events.stream().filter(e -> e.topic().equals(topic) && type.isInstance(e.value()))
                .map(e -> type.cast(e.value())).filter(filter).toList();
    }

    /** Waits until a matching event arrived and returns the first. */
    public <T> T awaitOne(String topic, Class<T> type, Predicate<T> filter) {
        return awaitCount(topic, type, filter, 1).get(0);
    }

    /** Waits until at least {@code count} matching events arrived and returns them all. */
    public <T> List<T> awaitCount(String topic, Class<T> type, Predicate<T> filter, int count) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> values(topic, type, filter).size() >= count);
        return values(topic, type, filter);
    }

    /** Waits until a matching raw record arrived (dead-letter topic). */
    public Event awaitRaw(String topic, Predicate<Event> filter) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> all(topic).stream().anyMatch(filter));
        return all(topic).stream().filter(filter).findFirst().orElseThrow();
    }
}
