package nl.kvksync.localstack.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.kvksync.localstack.Feeds;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Waits until a consumer group has processed every committed record of a topic. A group's committed offset can
 * stay one short of the end offset after a transaction (the commit marker takes an offset), so the check does not
 * compare offsets: it reads the topic, committed records only, from the group's offsets to the end, and the group
 * has caught up when nothing is there.
 */
final class ConsumerCatchUp {

    private ConsumerCatchUp() {
    }

    /** Returns the records still ahead of the group when it stopped waiting: 0 when it caught up in time. */
    static long await(String bootstrapServers, String groupId, String topic, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            while (true) {
                long ahead = ahead(consumer, partitions, deadline);
                if (ahead == 0 || System.nanoTime() > deadline) {
                    return ahead;
                }
                Feeds.pause(500);
            }
        }
    }

    /** The committed records from the group's committed offsets (the beginning when it has none) to the end. */
    private static long ahead(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, long deadline) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions),
                Duration.ofSeconds(10));
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        for (TopicPartition p : partitions) {
            OffsetAndMetadata at = committed.get(p);
            if (at == null) {
                consumer.seekToBeginning(List.of(p));
            } else {
                consumer.seek(p, at.offset());
            }
        }
        long records = 0;
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
            records += consumer.poll(Duration.ofMillis(200)).count();
        }
        boolean read = partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
        return read ? records : Math.max(records, 1);
    }
}
