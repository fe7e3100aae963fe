package nl.kvksync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import nl.kvksync.contracts.AccessClaims;
import nl.kvksync.contracts.Topics;
import nl.kvksync.testsupport.kafka.PlainConfluentReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The walking skeleton over the real parts: the broker, the registry and the Mongo stand-in, and the four
 * services as separate processes from their executable jars. A feed of three records — a change to a subscribed
 * organisation's registration, the end of another's, and a new registration inside a profile — yields exactly
 * three proposals; accepting them updates, ends and creates organisations in crm-sync, whose OrganisationChanged
 * events a plain Avro consumer decodes through the registry's Confluent-compatible API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkingSkeletonIT {

    static final String ENV = "e2e";
    static final String ALFA = "530000000011";
    static final String BRAVO = "530000000129";
    static final String CHARLIE = "530000000237";

    LocalStack stack;
    PlatformClient platform;
    final Map<String, String> organisationIds = new ConcurrentHashMap<>();

    @BeforeAll
    void startThePlatform() {
        stack = SharedStack.get();
        platform = new PlatformClient(stack.layout(), stack.issuer().token("e2e-admin",
                List.of(AccessClaims.KVK_ADMIN, AccessClaims.CRM_USER), List.of(ENV), Duration.ofHours(1)));
    }

    @Test
    @Order(1)
    void seedsAnEnvironmentWithAProfileAndTwoSubscribedOrganisations() {
        platform.ensureEnvironment(Api.JSON.valueToTree(Map.of("environmentId", ENV, "name", "End-to-end BV",
                "basicModule", true, "advancedModule", true, "organisationTypes", List.of("customer", "prospect"))));
        JsonNode register = platform.ingest("register.jsonl", resource("register.jsonl"), r -> {
        });
        assertThat(register.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(register.path("published").asLong()).isEqualTo(3);

        platform.ensureProfile(ENV, Api.JSON.valueToTree(Map.of("name", "Eindhoven software",
                "organisationType", "prospect", "offerNewRegistrations", true,
                "postcodeRanges", List.of(Map.of("from", 5600, "to", 5699)), "sbiInclude", List.of("62"),
                "sbiExclude", List.of(), "sbiScope", "PRIMARY")));
        organisationIds.put(ALFA, platform.createFromRegistration(ENV, ALFA, "customer").path("organisationId").asString());
        organisationIds.put(BRAVO, platform.createFromRegistration(ENV, BRAVO, "customer").path("organisationId").asString());

        assertThat(platform.awaitSubscriptionsKnown(ENV, 2, Duration.ofSeconds(60))).isEqualTo(2);
    }

    @Test
    @Order(2)
    void aFeedOfThreeRecordsYieldsExactlyThreeProposals() {
        JsonNode week = platform.ingest("week.jsonl", resource("week.jsonl"), r -> {
        });
        assertThat(week.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(week.path("read").asLong()).isEqualTo(3);
        assertThat(week.path("published").asLong()).isEqualTo(3);

        await().atMost(Duration.ofSeconds(60)).until(() -> PlatformClient.total(counts()) >= 3);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> PlatformClient.total(counts()) == 3);
        JsonNode counts = counts();
        assertThat(counts.path("UPDATE").asInt()).isEqualTo(1);
        assertThat(counts.path("ENDED").asInt()).isEqualTo(1);
        assertThat(counts.path("NEW").asInt()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void acceptingEachUpdatesEndsAndCreatesOrganisationsThatPublishDecodableEvents() {
        List<JsonNode> proposals = new ArrayList<>();
        platform.proposals(ENV, "status=PENDING&size=50").path("items").forEach(proposals::add);
        assertThat(proposals).hasSize(3);
        for (JsonNode proposal : proposals) {
            platform.accept(ENV, proposal.path("proposalId").asString());
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode alfa = platform.organisation(ENV, organisationIds.get(ALFA));
            assertThat(alfa.path("website").asString()).isEqualTo("https://alfa-installaties.nl");
            assertThat(alfa.path("employees").asInt()).isEqualTo(14);
            JsonNode bravo = platform.organisation(ENV, organisationIds.get(BRAVO));
            assertThat(bravo.path("status").asString()).isEqualTo("FORMER");
            JsonNode found = platform.organisations(ENV, "kvkNummer=73000237");
            JsonNode charlie = (found.isArray() ? found : found.path("items")).get(0);
            assertThat(charlie).as("organisation created for the new registration").isNotNull();
            assertThat(charlie.path("subscribed").asBoolean()).isTrue();
            assertThat(charlie.path("type").asString()).isEqualTo("prospect");
            organisationIds.put(CHARLIE, charlie.path("organisationId").asString());
        });

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                platform.proposals(ENV, "status=APPLIED&size=50").path("items")).hasSize(3));

        Set<String> kinds = decodedOrganisationEvents(Set.copyOf(organisationIds.values()));
        assertThat(kinds).contains(organisationIds.get(ALFA) + ":UPDATED", organisationIds.get(BRAVO) + ":ENDED",
                organisationIds.get(CHARLIE) + ":CREATED");
    }

    /** Decodes crm.organisation-changed.v1 with nothing but Avro and the registry's /apis/ccompat/v7. */
    private Set<String> decodedOrganisationEvents(Set<String> organisations) {
        List<GenericRecord> events = new ArrayList<>();
        try (PlainConfluentReader reader = new PlainConfluentReader(stack.bootstrapServers(), stack.registryUrl(),
                Topics.ORGANISATION_CHANGED)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                events.addAll(reader.poll(Duration.ofMillis(500)));
                return events.stream().filter(e -> e.get("decisionId") != null)
                        .filter(e -> organisations.contains(e.get("organisationId").toString())).count() >= 3;
            });
        }
        return events.stream().filter(e -> e.get("decisionId") != null)
                .map(e -> e.get("organisationId") + ":" + e.get("kind")).collect(Collectors.toSet());
    }

    private JsonNode counts() {
        return platform.proposals(ENV, "status=PENDING&size=1").path("counts");
    }

    private static byte[] resource(String name) throws java.io.UncheckedIOException {
        try (InputStream in = WalkingSkeletonIT.class.getResourceAsStream("/e2e/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
