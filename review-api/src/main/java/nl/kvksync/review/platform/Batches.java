package nl.kvksync.review.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;

/** How the batch listeners ({@link KafkaConfiguration#BATCH_FACTORY}) take a poll in. */
public final class Batches {

    private Batches() {
    }

    /**
     * Hands the values of a poll to {@code take} in order. A record that could not be read, or whose value
     * {@code problem} names a problem for, is dead-lettered after the records before it were taken in (the
     * records after it are redelivered). When {@code take} fails, the poll is retried from its first record, which
     * is dead-lettered once the retries are used up.
     */
    public static <T> void inOrder(List<ConsumerRecord<String, T>> records, Function<T, String> problem,
            Consumer<List<T>> take) {
        List<T> values = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, T> record = records.get(i);
            T value = record.value();
            String wrong = value == null ? "record " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " could not be read" : problem.apply(value);
            if (wrong != null) {
                hand(values, take);
                throw new BatchListenerFailedException(wrong, new IllegalArgumentException(wrong), i);
            }
            values.add(value);
        }
        hand(values, take);
    }

    private static <T> void hand(List<T> values, Consumer<List<T>> take) {
        if (values.isEmpty()) {
            return;
        }
        try {
            take.accept(values);
        } catch (RuntimeException e) {
            throw new BatchListenerFailedException("taking in " + values.size() + " records failed: " + e, e, 0);
        }
    }
}
