package nl.kvksync.ingestor.run;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import nl.kvksync.contracts.AvroWire;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka clients of feed runs, built from the service's Kafka settings: one transactional producer (Avro values
 * through the registry or framed by the caller, plain UTF-8 JSON for the private runs topic; lz4, acks=all,
 * idempotent) and read_committed readers that read a whole topic up to its end (run checkpoints at start-up,
 * snapshots for a replica rebuild).
 */
public final class FeedKafka {

    private final Map<String, Object> base;
    private final String registryUrl;

    public FeedKafka(Map<String, Object> kafkaProperties, String registryUrl) {
        this.base = new HashMap<>();
        for (String k : List.of("bootstrap.servers", "security.protocol", "sasl.mechanism", "sasl.jaas.config",
                "ssl.truststore.location", "ssl.truststore.password", "ssl.keystore.location",
                "ssl.keystore.password", "client.id", ProducerConfig.COMPRESSION_TYPE_CONFIG)) {
            if (kafkaProperties.containsKey(k)) {
                base.put(k, kafkaProperties.get(k));
            }
        }
        this.registryUrl = registryUrl;
    }

    /** A transactional producer; {@code initTransactions()} is called (it fences a previous incarnation). */
    public KafkaProducer<String, Object> transactionalProducer(String transactionalId) {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        KafkaProducer<String, Object> producer = new KafkaProducer<>(config, new StringSerializer(), values());
        producer.initTransactions();
        return producer;
    }

    /** A plain idempotent producer of strings (QUEUED run records, written before a run starts). */
    public KafkaProducer<String, String> stringProducer() {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** The registry's Avro serializer (Confluent framing), configured. */
    public Serializer<SpecificRecord> registrySerializer() {
        AvroKafkaSerializer<SpecificRecord> avro = new AvroKafkaSerializer<>();
        Map<String, Object> serde = new HashMap<>(AvroWire.serdeConfig(registryUrl));
        // Without this the serializer looks a nested record (RegistrationChanged holds Registration, Address, …) up
        // as a top-level schema plus references, which is not how SubjectRegistrar registered it: 404.
        serde.put("apicurio.registry.dereference-schema", Boolean.TRUE);
        avro.configure(serde, false);
        return avro;
    }

    /** Values: bytes already framed ({@link ConfluentFrames}) as they are, strings as UTF-8, records through Avro. */
    private Serializer<Object> values() {
        Serializer<SpecificRecord> avro = registrySerializer();
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, Object data) {
                if (data == null) {
                    return null;
                }
                if (data instanceof byte[] framed) {
                    return framed;
                }
                if (data instanceof String s) {
                    return s.getBytes(StandardCharsets.UTF_8);
                }
                return avro.serialize(topic, (SpecificRecord) data);
            }

            @Override
            public void close() {
                avro.close();
            }
        };
    }

    /** The latest committed value of every key of a topic of JSON strings. */
    public Map<String, String> readLatestStrings(String topic, Duration timeout) {
        Map<String, String> latest = new LinkedHashMap<>();
        readAll(topic, new StringDeserializer(), timeout, r -> {
            if (r.value() == null) {
                latest.remove(r.key());
            } else {
                latest.put(r.key(), r.value());
            }
        });
        return latest;
    }

    /** Every committed Avro record of a topic, from its start up to its end at the time of the call. */
    public void readAllAvro(String topic, Duration timeout, Consumer<ConsumerRecord<String, Object>> each) {
        AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>();
        avro.configure(AvroWire.serdeConfig(registryUrl), false);
        readAll(topic, avro, timeout, each);
    }

    /** Whether a topic has any committed record. */
    public boolean hasRecords(String topic) {
        try (KafkaConsumer<String, byte[]> c = consumer(new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(c, topic);
            Map<TopicPartition, Long> begin = c.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            return partitions.stream().anyMatch(p -> end.get(p) > begin.get(p));
        }
    }

    private <V> void readAll(String topic, org.apache.kafka.common.serialization.Deserializer<V> values,
            Duration timeout, Consumer<ConsumerRecord<String, V>> each) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, V> c = consumer(values)) {
            List<TopicPartition> partitions = partitions(c, topic);
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            while (true) {
                boolean done = true;
                for (TopicPartition p : partitions) {
                    if (c.position(p) < end.get(p)) {
                        done = false;
                    }
                }
                if (done) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within "
                            + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, V> r : c.poll(Duration.ofMillis(500))) {
                    each.accept(r);
                }
            }
        }
    }

    private <V> KafkaConsumer<String, V> consumer(org.apache.kafka.common.serialization.Deserializer<V> values) {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        return new KafkaConsumer<>(config, new StringDeserializer(), values);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        List<TopicPartition> out = new ArrayList<>();
        for (PartitionInfo i : infos) {
            out.add(new TopicPartition(topic, i.partition()));
        }
        return out;
    }

    public static ProducerRecord<String, Object> record(String topic, String key, Object value) {
        return new ProducerRecord<>(topic, key, value);
    }
}
