package nl.kvksync.localstack.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The broker timestamps of the records written to a topic since a moment: when each item of a stage came out.
 * Reads raw bytes (nothing is decoded) and only committed records, after the stage, so measuring costs the
 * pipeline nothing while it runs.
 */
final class TopicTimestamps {

    private TopicTimestamps() {
    }

    static long[] since(String bootstrapServers, String topic, long fromMillis) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<Long> stamps = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, fromMillis));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query, Duration.ofSeconds(10));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<TopicPartition> pending = new ArrayList<>();
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp at = start.get(p);
                if (at != null && at.offset() < end.get(p)) {
                    consumer.seek(p, at.offset());
                    pending.add(p);
                } else {
                    consumer.seek(p, end.get(p));
                }
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.timestamp() >= fromMillis) {
                        stamps.add(record.timestamp());
                    }
                }
                pending.removeIf(p -> consumer.position(p) >= end.get(p));
            }
        }
        return stamps.stream().mapToLong(t -> t - fromMillis).toArray();
    }
}
