package nl.kvksync.crmsync.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import nl.kvksync.crmsync.platform.PlatformProperties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.review.ProposalDecided;
import nl.kvksync.crmsync.CrmSyncApplication;
import nl.kvksync.testsupport.infra.EmbeddedInfrastructure;
import nl.kvksync.testsupport.spring.KvkStack;
import nl.kvksync.testsupport.spring.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The one Spring context of this module's integration tests: the service on a random port against the shared
 * broker, registry and Mongo stand-in of the test JVM, with {@link IngestorStub} standing in for the
 * kvk-feed-ingestor. Every test works in environments of its own, so tests share the context without seeing each
 * other's data.
 */
@SpringBootTest(classes = CrmSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"kvksync.crmsync.outbox.sweep-interval=1h", "kvksync.crmsync.decisions.concurrency=2"})
@AutoConfigureWebTestClient(timeout = "PT30S")
@KvkStack
public abstract class CrmSyncIT {

    public static final String ADMIN = "kvk-admin";
    public static final String VIEWER = "kvk-viewer";
    public static final String USER = "crm-user";

    private static KafkaProducer<String, SpecificRecord> producer;

    @Autowired
    protected WebTestClient http;

    @DynamicPropertySource
    static void ingestor(DynamicPropertyRegistry registry) {
        registry.add("kvksync.crmsync.ingestor-url", () -> IngestorStub.shared().url());
    }

    protected static EmbeddedInfrastructure infra() {
        return EmbeddedInfrastructure.shared();
    }

    protected static EventLog events() {
        return EventLog.shared(infra());
    }

    protected static IngestorStub ingestor() {
        return IngestorStub.shared();
    }

    protected static String newEnvironmentId() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static String bearer(String role, String... environments) {
        return TestTokens.bearer(role, environments);
    }

    /** Creates an environment through the API as an admin. */
    protected String environment(boolean basic, boolean advanced, String... types) {
        String env = newEnvironmentId();
        http.post().uri("/environments").header("Authorization", bearer(ADMIN, env))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("environmentId", env, "name", "Env " + env, "basicModule", basic,
                        "advancedModule", advanced, "organisationTypes", List.of(types)))
                .exchange().expectStatus().isEqualTo(HttpStatus.CREATED);
        return env;
    }

    /** Publishes decisions as review-api does (key environmentId:registrationKey) and waits for the broker. */
    protected static void send(ProposalDecided... decisions) {
        try {
            for (ProposalDecided d : decisions) {
                producer().send(new ProducerRecord<>(Topics.PROPOSAL_DECIDED,
                        Topics.tenantKey(d.getEnvironmentId(), d.getRegistrationKey()), d)).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not publish decisions", e);
        }
    }

    /** AvroClients.producer's settings with find-latest (see PlatformProperties.producerSerdeConfig). */
    private static synchronized KafkaProducer<String, SpecificRecord> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().bootstrapServers());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
            serializer.configure(PlatformProperties.producerSerdeConfig(infra().registryUrl()), false);
            producer = new KafkaProducer<>(config, new StringSerializer(), serializer);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> producer.close(Duration.ofSeconds(5))));
        }
        return producer;
    }
}
