package nl.kvksync.matcher;

import java.util.HashMap;
import java.util.Map;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import nl.kvksync.matcher.routing.MatcherSerdes;
import nl.kvksync.testsupport.infra.Infrastructure;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces platform records as the other services do, with the registry serializer set to the latest version of
 * the subject ({@link MatcherSerdes#serializerConfig}): test-support's AvroClients.send looks schemas up by content,
 * which Apicurio 2.6.13 fails for schemas with nested named types.
 */
public final class TestKafka {

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

    public static void send(Infrastructure infra, String topic, String key, SpecificRecord value) {
        try (KafkaProducer<String, SpecificRecord> producer = producer(infra)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }
}
