package nl.kvksync.crmsync.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import nl.kvksync.crmsync.platform.PlatformProperties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Turns events into outbox entries (serialized once, in the wire format, so a re-send is byte-identical), sends
 * entries to Kafka in order and removes sent entries from their documents. The producer is idempotent with
 * acks=all; a send counts as done only when the broker acknowledged it.
 */
@Component
public class Outbox implements DisposableBean {

    private final AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
    private final DefaultKafkaProducerFactory<String, byte[]> producers;
    private final KafkaTemplate<String, byte[]> kafka;
    private final ReactiveMongoTemplate mongo;
    private final OutboxProperties properties;
    private final Counter sent;

    Outbox(ProducerFactory<Object, Object> platformProducers, PlatformProperties platform, ReactiveMongoTemplate mongo,
            OutboxProperties properties, MeterRegistry meters) {
        Map<String, Object> config = new HashMap<>(platformProducers.getConfigurationProperties());
        config.putAll(PlatformProperties.producerSerdeConfig(platform.registryUrl()));
        serializer.configure(config, false);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, properties.lingerMs());
        config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producers = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
        this.kafka = new KafkaTemplate<>(producers);
        this.mongo = mongo;
        this.properties = properties;
        this.sent = meters.counter("kvksync.outbox.sent");
    }

    /** Serializes {@code value} for {@code topic} as it will travel, ready to be stored with the change it describes. */
    public OutboxEntry entry(String topic, String key, String eventId, SpecificRecord value, Instant now) {
        return new OutboxEntry(eventId, topic, key, serializer.serialize(topic, value), now);
    }

    /**
     * Sends the entries in order and blocks until the broker acknowledged every one.
     *
     * @throws OutboxSendException when a send failed or timed out; nothing is lost, the entries stay stored
     */
    public void sendAndWait(List<OutboxEntry> entries) {
        List<CompletableFuture<?>> futures = new ArrayList<>(entries.size());
        for (OutboxEntry entry : entries) {
            futures.add(kafka.send(new ProducerRecord<>(entry.topic(), entry.key(), entry.payload())));
        }
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboxSendException("interrupted while sending " + entries.size() + " events", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new OutboxSendException("could not send " + entries.size() + " events to Kafka", e);
        }
        sent.increment(entries.size());
    }

    /** {@link #sendAndWait} off the calling thread, for reactive callers. */
    public Mono<Void> send(List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return Mono.empty();
        }
        return Mono.<Void>fromRunnable(() -> sendAndWait(entries)).subscribeOn(Schedulers.boundedElastic());
    }

    /** Removes sent entries (by event id) from their documents; entries added since stay. */
    public Mono<Void> clear(String collection, Map<String, List<String>> sentEventIdsByDocument) {
        if (sentEventIdsByDocument.isEmpty()) {
            return Mono.empty();
        }
        List<WriteModel<Document>> pulls = new ArrayList<>(sentEventIdsByDocument.size());
        sentEventIdsByDocument.forEach((id, eventIds) -> pulls.add(new UpdateOneModel<>(Filters.eq("_id", id),
                Updates.pull("outbox", Filters.in("eventId", eventIds)))));
        return mongo.getCollection(collection)
                .flatMap(c -> Mono.from(c.bulkWrite(pulls, new BulkWriteOptions().ordered(false))))
                .then();
    }

    /** Sends one document's pending entries, then removes them from it. */
    public Mono<Void> relay(String collection, String documentId, List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return Mono.empty();
        }
        return send(entries).then(clear(collection,
                Map.of(documentId, entries.stream().map(OutboxEntry::eventId).toList())));
    }

    @Override
    public void destroy() {
        producers.destroy();
    }
}
