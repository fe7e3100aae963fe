package nl.kvksync.crmsync.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.review.ProposalDecided;
import nl.kvksync.crmsync.CrmSyncApplication;
import nl.kvksync.testsupport.infra.EmbeddedInfrastructure;
import nl.kvksync.testsupport.kafka.AvroClients;
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
@AutoConfigureWebTestClient
@KvkStack
public abstract class CrmSyncIT {

    public static final String ADMIN = "kvk-admin";
    public static final String VIEWER = "kvk-viewer";
    public static final String USER = "crm-user";

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

    protected static void send(ProposalDecided... decisions) {
        try (var producer = AvroClients.producer(infra())) {
            for (ProposalDecided d : decisions) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.PROPOSAL_DECIDED,
                        Topics.tenantKey(d.getEnvironmentId(), d.getRegistrationKey()), d));
            }
            producer.flush();
        }
    }
}
