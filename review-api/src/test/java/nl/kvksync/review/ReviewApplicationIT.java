package nl.kvksync.review;

import nl.kvksync.review.support.ReviewStack;
import nl.kvksync.testsupport.spring.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class ReviewApplicationIT extends ReviewStack {

    @Autowired
    WebTestClient http;

    @Test
    void isReadyWithKafkaAndMongo() {
        http.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.kafka.status").isEqualTo("UP")
                .jsonPath("$.components.mongo.status").isEqualTo("UP");
    }

    @Test
    void servesOpenApiPrometheusAndTheWebUiWithoutToken() {
        http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.paths['/environments/{env}/proposals']").exists();
        // A scrape is large (every Kafka client of every listener thread has its metrics): read up to 4 MB.
        http.mutate().codecs(c -> c.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> org.assertj.core.api.Assertions.assertThat(body)
                        .contains("kvksync_proposals_pending").contains("kvksync_proposals_stale"));
        http.get().uri("/").exchange().expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
        http.get().uri("/app/app.js").exchange().expectStatus().isOk();
    }

    @Test
    void refusesApiCallsWithoutOrWithABadTokenAsProblemJson() {
        http.get().uri("/environments").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/unauthorized");
        http.get().uri("/environments").header("Authorization", "Bearer not-a-jwt").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void acceptsASignedToken() {
        http.get().uri("/environments").header("Authorization", TestTokens.bearer("kvk-admin", "acme"))
                .exchange().expectStatus().isOk();
    }
}
