package nl.kvksync.matcher;

import nl.kvksync.testsupport.spring.KvkStack;
import nl.kvksync.testsupport.spring.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@KvkStack
class MatcherApplicationIT {

    @Autowired
    WebTestClient http;

    @Test
    void isReadyWithKafkaOnceKafkaStreamsRuns() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).untilAsserted(() ->
                http.get().uri("/actuator/health/readiness").exchange()
                        .expectStatus().isOk()
                        .expectBody().jsonPath("$.status").isEqualTo("UP")
                        .jsonPath("$.components.kafka.status").isEqualTo("UP")
                        .jsonPath("$.components.streams.status").isEqualTo("UP")
                        .jsonPath("$.components.streams.details.state").isEqualTo("RUNNING"));
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
