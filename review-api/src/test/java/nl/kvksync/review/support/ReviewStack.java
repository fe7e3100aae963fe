package nl.kvksync.review.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import nl.kvksync.testsupport.infra.EmbeddedInfrastructure;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import nl.kvksync.review.platform.KafkaConfiguration;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import java.util.HashMap;
import java.util.Map;
import nl.kvksync.testsupport.spring.KvkStack;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one Spring context of review-api's integration tests: the app on a random port against the shared broker,
 * registry and Mongo stand-in ({@link KvkStack}), the matcher's dry run served by {@link MatcherStub}. Every IT
 * extends it so the context cache starts the app once per JVM.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@KvkStack
public abstract class ReviewStack {

    private static KafkaProducer<String, SpecificRecord> producer;

    @DynamicPropertySource
    static void matcher(DynamicPropertyRegistry registry) {
        registry.add("kvksync.review.matcher-url", () -> MatcherStub.shared().url());
    }

    protected static synchronized KafkaProducer<String, SpecificRecord> producer() {
        if (producer == null) {
            // AvroClients.producer with find-latest (see KafkaConfiguration.producerSerdeConfig)
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().bootstrapServers());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
            serializer.configure(KafkaConfiguration.producerSerdeConfig(infra().registryUrl()), false);
            producer = new KafkaProducer<>(config, new StringSerializer(), serializer);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> producer.close(Duration.ofSeconds(5))));
        }
        return producer;
    }

    /** Publishes to a real topic and waits for the broker's acknowledgement. */
    protected static void publish(String topic, String key, SpecificRecord value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    protected static EmbeddedInfrastructure infra() {
        return EmbeddedInfrastructure.shared();
    }
}
