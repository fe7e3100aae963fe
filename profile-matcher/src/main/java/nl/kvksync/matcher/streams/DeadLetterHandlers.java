package nl.kvksync.matcher.streams;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka Streams error handlers: a poison message (unreadable Avro) or a record whose processing throws goes to
 * the dead-letter topic through the {@link DeadLetterPublisher} found under {@link #PUBLISHER} in the Streams
 * configuration, and the stream goes on with the next record.
 */
public final class DeadLetterHandlers {

    public static final String PUBLISHER = "kvksync.dead-letter-publisher";

    private DeadLetterHandlers() {
    }

    private static DeadLetterPublisher publisher(Map<String, ?> configs) {
        Object p = configs.get(PUBLISHER);
        if (!(p instanceof DeadLetterPublisher publisher)) {
            throw new IllegalStateException("no " + PUBLISHER + " in the Kafka Streams configuration");
        }
        return publisher;
    }

    /** Unreadable records: dead-letter the raw bytes, continue. */
    public static final class Deserialization implements DeserializationExceptionHandler {
        private DeadLetterPublisher publisher;

        @Override
        public void configure(Map<String, ?> configs) {
            publisher = publisher(configs);
        }

        @Override
        public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                Exception exception) {
            publisher.publish(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                    exception);
            return DeserializationHandlerResponse.CONTINUE;
        }
    }

    /** Records a processor failed on: dead-letter the source record's raw bytes, continue. */
    public static final class Processing implements ProcessingExceptionHandler {
        private DeadLetterPublisher publisher;

        @Override
        public void configure(Map<String, ?> configs) {
            publisher = publisher(configs);
        }

        @Override
        public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            publisher.publish(context.topic(), context.partition(), context.offset(), context.sourceRawKey(),
                    context.sourceRawValue(), exception);
            return ProcessingHandlerResponse.CONTINUE;
        }
    }
}
