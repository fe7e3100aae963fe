package nl.kvksync.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.review.proposal.ProposalStatus;
import nl.kvksync.review.proposal.ProposalStore;
import nl.kvksync.review.support.Fixtures;
import nl.kvksync.review.support.ReviewStack;
import nl.kvksync.testsupport.spring.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every endpoint: 401 without or with a bad token, 403 for a viewer deciding, 404 for another environment. */
class SecurityIT extends ReviewStack {

    static final String ENV = "sec-home";

    @Autowired
    WebTestClient http;

    @Autowired
    ProposalStore store;

    /** method, path (under /environments/{env}), body, whether kvk-viewer may call it. */
    static Stream<Arguments> endpoints() {
        String profile = "{\"name\":\"P\",\"organisationType\":\"prospect\",\"sbiInclude\":[\"93\"]}";
        String bulk = "{\"ids\":[\"p-1\"]}";
        return Stream.of(
                Arguments.of("GET", "", null, true),
                Arguments.of("GET", "/proposals", null, true),
                Arguments.of("GET", "/proposals/p-1", null, true),
                Arguments.of("POST", "/proposals/p-1:accept", "{}", false),
                Arguments.of("POST", "/proposals/p-1:reject", "{\"reason\":\"no\"}", false),
                Arguments.of("POST", "/proposals:bulk-preview", bulk, true),
                Arguments.of("POST", "/proposals:bulk-accept", bulk, false),
                Arguments.of("POST", "/proposals:bulk-reject", "{\"ids\":[\"p-1\"],\"reason\":\"no\"}", false),
                Arguments.of("POST", "/decisions/d-1:undo", "{}", false),
                Arguments.of("GET", "/profiles", null, true),
                Arguments.of("POST", "/profiles", profile, false),
                Arguments.of("GET", "/profiles/x", null, true),
                Arguments.of("PUT", "/profiles/x", profile, false),
                Arguments.of("DELETE", "/profiles/x", null, false),
                Arguments.of("POST", "/profiles:preview", profile, false),
                Arguments.of("POST", "/profiles/x:import", null, false),
                Arguments.of("GET", "/imports", null, true),
                Arguments.of("GET", "/imports/i-1", null, true),
                Arguments.of("GET", "/audit", null, true),
                Arguments.of("GET", "/audit.csv", null, true),
                Arguments.of("GET", "/runs", null, true));
    }

    private WebTestClient.ResponseSpec call(String method, String env, String path, String body, String bearer) {
        var request = http.method(HttpMethod.valueOf(method)).uri("/environments/" + env + path);
        if (bearer != null) {
            request = request.header("Authorization", bearer);
        }
        return body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void answers401WithoutOrWithABadToken(String method, String path, String body, boolean viewer) {
        call(method, ENV, path, body, null).expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/unauthorized");
        call(method, ENV, path, body, "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl").expectStatus().isUnauthorized();
        String forged = TestTokens.bearer("kvk-admin", ENV);
        call(method, ENV, path, body, forged.substring(0, forged.length() - 4) + "AAAA").expectStatus()
                .isUnauthorized();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void answers403ToAViewerChangingAnythingAnd403WithoutAKvkRole(String method, String path, String body,
            boolean viewer) {
        var asViewer = call(method, ENV, path, body, TestTokens.bearer("kvk-viewer", ENV));
        if (viewer) {
            asViewer.expectStatus().value(s -> assertThat(s).isNotIn(401, 403));
        } else {
            asViewer.expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/forbidden");
        }
        call(method, ENV, path, body, TestTokens.bearer("crm-user", ENV)).expectStatus().isForbidden();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void answers404ForAnotherEnvironment(String method, String path, String body, boolean viewer) {
        call(method, ENV, path, body, TestTokens.bearer("kvk-admin", "sec-other")).expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/environment-not-found");
    }

    @Test
    void decidingAnotherEnvironmentsProposalChangesNothing() {
        String env = Fixtures.env("sec");
        ProposalRaised p = Fixtures.update(env, "000038509504", "org-1", "feed-1", null,
                Fixtures.registration("000038509504", "Dagobert", "1034WL", "93122"), Instant.now());
        publish(Topics.PROPOSAL_RAISED, env + ":000038509504", p);
        await().atMost(Duration.ofSeconds(30)).until(() -> store.exists(p.getProposalId()));
        String intruder = Fixtures.env("intruder");
        call("POST", env, "/proposals/" + p.getProposalId() + ":accept", "{}", TestTokens.bearer("kvk-admin", intruder))
                .expectStatus().isNotFound();
        call("POST", intruder, "/proposals/" + p.getProposalId() + ":accept", "{}",
                TestTokens.bearer("kvk-admin", intruder)).expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/proposal-not-found");
        call("POST", intruder, "/proposals:bulk-accept", "{\"ids\":[\"" + p.getProposalId() + "\"]}",
                TestTokens.bearer("kvk-admin", intruder)).expectStatus().isOk()
                .expectBody().jsonPath("$.decided").isEqualTo(0).jsonPath("$.failures[0].reason").isEqualTo("NOT_FOUND");
        call("GET", intruder, "/proposals/" + p.getProposalId(), null, TestTokens.bearer("kvk-admin", intruder))
                .expectStatus().isNotFound();
        call("POST", env, "/proposals/" + p.getProposalId() + ":accept", "{}", TestTokens.bearer("kvk-viewer", env))
                .expectStatus().isForbidden();
        assertThat(store.find(p.getProposalId()).orElseThrow().summary().status()).isEqualTo(ProposalStatus.PENDING);
        call("GET", env, "/proposals", null, TestTokens.bearer("kvk-admin", "*")).expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(1);
    }
}
