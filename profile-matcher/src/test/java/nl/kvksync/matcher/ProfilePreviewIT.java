package nl.kvksync.matcher;

import static nl.kvksync.matcher.Fixtures.key;
import static nl.kvksync.matcher.Fixtures.registration;
import static nl.kvksync.matcher.Fixtures.subscription;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.SubscriptionOrigin;
import nl.kvksync.matcher.routing.MatcherTopology;
import nl.kvksync.matcher.streams.MatcherStreams;
import nl.kvksync.testsupport.infra.EmbeddedInfrastructure;
import nl.kvksync.testsupport.kafka.AvroClients;
import nl.kvksync.testsupport.spring.KvkStack;
import nl.kvksync.testsupport.spring.TestTokens;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The dry run over HTTP, against an index the running topology fills from kvk.registrations.v1. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@KvkStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfilePreviewIT {

    static final String ENV = "it-preview";
    static final String PROFILE = """
            {"name":"Sport in 86xx","organisationType":"prospect","offerNewRegistrations":true,
             "postcodeRanges":[{"from":8600,"to":8699}],"sbiInclude":["93"],"sbiExclude":["9312"],
             "sbiScope":"PRIMARY","legalForms":[],"minEmployees":null}""";

    @Autowired
    WebTestClient http;

    @Autowired
    MatcherStreams streams;

    @Autowired
    MatcherTopology.State state;

    @BeforeAll
    void registerAndSubscribe() {
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.shared();
        await().atMost(Duration.ofSeconds(90)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        // Three selected (one of them followed), one excluded (9312), one outside the range, one ended.
        var regs = List.of(registration(key(501), "8601AB", "93110"), registration(key(502), "8650AB", "93130"),
                registration(key(503), "8699ZZ", "9311"), registration(key(504), "8601AB", "93121"),
                registration(key(505), "8700AB", "93110"), Fixtures.ended(registration(key(506), "8601AB", "93110")));
        regs.forEach(r -> TestKafka.send(infra, Topics.REGISTRATIONS, r.getRegistrationKey(), r));
        TestKafka.send(infra, Topics.SUBSCRIPTIONS, ENV + ":org-1",
                subscription(ENV, "org-1", key(502), true, SubscriptionOrigin.CREATED_FROM_KVK, 1));
        await().atMost(Duration.ofSeconds(60)).until(() -> state.index().contains(key(505))
                && state.subscribed().count(ENV) == 1 && streams.snapshot(key(503)).isPresent());
    }

    WebTestClient.RequestHeadersSpec<?> preview(String role, String tokenEnv, String body) {
        return http.post().uri("/environments/{env}/profiles:preview", ENV)
                .header("Authorization", TestTokens.bearer(role, tokenEnv)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body);
    }

    @Test
    void countsTheSelectionOutOfTheWholeRegister() {
        preview("kvk-admin", ENV, PROFILE).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.selected").isEqualTo(3)
                .jsonPath("$.alreadySubscribed").isEqualTo(1)
                .jsonPath("$.wouldImport").isEqualTo(2)
                .jsonPath("$.sample.length()").isEqualTo(3)
                .jsonPath("$.sample[?(@.registrationKey == '" + key(502) + "')].alreadySubscribed").isEqualTo(true)
                .jsonPath("$.sample[?(@.registrationKey == '" + key(501) + "')].tradeName")
                .isEqualTo("Onderneming " + key(501))
                .jsonPath("$.sample[?(@.registrationKey == '" + key(501) + "')].postcode").isEqualTo("8601AB")
                .jsonPath("$.bySbiSection.S").isEqualTo(3)
                .jsonPath("$.byPostcodeRegion.86").isEqualTo(3)
                .jsonPath("$.band.min").isEqualTo(2)
                .jsonPath("$.band.max").isEqualTo(5)
                .jsonPath("$.withinBand").isEqualTo(true);
    }

    @Test
    void aViewerMayPreviewTooButNotAnotherTenantOrRole() {
        preview("kvk-viewer", ENV, PROFILE).exchange().expectStatus().isOk();
        preview("kvk-admin", "someone-else", PROFILE).exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        preview("crm-user", ENV, PROFILE).exchange().expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/forbidden");
        http.post().uri("/environments/{env}/profiles:preview", ENV).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(PROFILE).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void anInvalidProfileIsRefusedNamingEachField() {
        preview("kvk-admin", ENV, """
                {"postcodeRanges":[{"from":5500,"to":5200},{"from":123,"to":5000}],"sbiInclude":[],
                 "sbiExclude":["9x"],"sbiScope":"SOME","legalForms":["GMBH"],"minEmployees":-1}""")
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/invalid-profile")
                .jsonPath("$.errors[*].field").isEqualTo(List.of("postcodeRanges[0]", "postcodeRanges[1].from",
                        "sbiInclude", "sbiExclude[0]", "sbiScope", "legalForms[0]", "minEmployees"));
        preview("kvk-admin", ENV, """
                {"postcodeRanges":[{"from":"52AB","to":5300}],"sbiInclude":["93"]}""")
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://kvksync.nl/problems/malformed-request")
                .jsonPath("$.errors[0].field").isEqualTo("postcodeRanges[0].from");
        preview("kvk-admin", ENV, "{not json").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        preview("kvk-admin", ENV, """
                {"sbiInclude":["99999"]}""").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("sbiInclude[0]")
                .jsonPath("$.errors[0].message").isEqualTo("no SBI 2008 or SBI 2025 code starts with \"99999\"");
        preview("kvk-admin", ENV, "{\"sbiInclude\":[\"01\"],\"postcodeRanges\":[{\"from\":8600,\"to\":8699}]}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.selected").isEqualTo(0)
                .jsonPath("$.withinBand").isEqualTo(false);
    }
}
