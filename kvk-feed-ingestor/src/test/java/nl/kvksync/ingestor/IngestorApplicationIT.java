package nl.kvksync.ingestor;

import nl.kvksync.ingestor.support.IngestorContext;
import nl.kvksync.testsupport.spring.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

class IngestorApplicationIT extends IngestorContext {

    @Autowired
    WebTestClient http;

    @Test
    void isReadyWithKafkaAndTheReplica() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() ->
                http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk());
        http.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.kafka.status").isEqualTo("UP")
                .jsonPath("$.components.replica.status").isEqualTo("UP");
    }

    @Test
    void servesOpenApiAndPrometheusWithoutToken() {
        http.get().uri("/v3/api-docs").exchange().expectStatus().isOk();
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    @Test
    void refusesApiCallsWithoutOrWithABadToken() {
        http.get().uri("/runs").exchange().expectStatus().isUnauthorized();
        http.get().uri("/runs").header("Authorization", "Bearer not-a-jwt").exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void acceptsASignedToken() {
        http.get().uri("/actuator/info").header("Authorization", TestTokens.bearer("kvk-admin", "acme"))
                .exchange().expectStatus().isOk();
    }
}
