package nl.kvksync.crmsync;

import nl.kvksync.crmsync.support.CrmSyncIT;
import nl.kvksync.testsupport.spring.TestTokens;
import org.junit.jupiter.api.Test;

class CrmSyncApplicationIT extends CrmSyncIT {

    @Test
    void isReadyWithKafkaAndMongo() {
        http.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.kafka.status").isEqualTo("UP")
                .jsonPath("$.components.mongo.status").isEqualTo("UP");
    }

    @Test
    void servesOpenApiAndPrometheusWithoutToken() {
        http.get().uri("/v3/api-docs").exchange().expectStatus().isOk();
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    @Test
    void refusesApiCallsWithoutOrWithABadToken() {
        http.get().uri("/environments").exchange().expectStatus().isUnauthorized();
        http.get().uri("/environments").header("Authorization", "Bearer not-a-jwt").exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void acceptsASignedToken() {
        http.get().uri("/actuator/info").header("Authorization", TestTokens.bearer("kvk-admin", "acme"))
                .exchange().expectStatus().isOk();
    }
}
