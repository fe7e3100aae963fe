package nl.kvksync.localstack;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import nl.kvksync.localstack.generate.SbiDivisions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drives the running services through their public HTTP APIs (the contracts in DEVELOPERS.md): what an admin
 * or an integrating system would do. Used by the demo seeder, the end-to-end tests and {@code ./kvk bench}.
 */
public final class PlatformClient {

    private final Api api;
    private final String ingestor;
    private final String matcher;
    private final String review;
    private final String crm;

    public PlatformClient(LocalStack.Layout layout, String token) {
        this.api = new Api(token);
        this.ingestor = layout.service(ServiceSpec.INGESTOR).url();
        this.matcher = layout.service(ServiceSpec.MATCHER).url();
        this.review = layout.service(ServiceSpec.REVIEW).url();
        this.crm = layout.service(ServiceSpec.CRM_SYNC).url();
    }

    public Api api() {
        return api;
    }

    public String reviewUrl() {
        return review;
    }

    /** Creates the environment unless it exists. */
    public void ensureEnvironment(JsonNode environment) {
        String id = environment.path("environmentId").asString();
        try {
            api.get(crm + "/environments/" + id);
        } catch (Api.ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            api.post(crm + "/environments", environment);
        }
    }

    /** Uploads a feed file and waits for its run to end; returns the run report. */
    public JsonNode ingest(String name, byte[] content, Consumer<JsonNode> onProgress) {
        return Feeds.ingest(api, ingestor, name, HttpRequest.BodyPublishers.ofByteArray(content),
                Duration.ofMinutes(30), onProgress);
    }

    /** Streams a feed file from disk (a register of a million lines is about 1 GB). */
    public JsonNode ingest(Path file, Consumer<JsonNode> onProgress) {
        try {
            return Feeds.ingest(api, ingestor, file.getFileName().toString(), HttpRequest.BodyPublishers.ofFile(file),
                    Duration.ofMinutes(30), onProgress);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the profile unless the environment has one with the same name; returns the profile. */
    public JsonNode ensureProfile(String env, JsonNode profile) {
        JsonNode existing = api.get(review + "/environments/" + env + "/profiles");
        for (JsonNode item : existing.isArray() ? existing : existing.path("items")) {
            if (profile.path("name").asString().equals(item.path("name").asString())) {
                return item;
            }
        }
        return api.post(review + "/environments/" + env + "/profiles", profile);
    }

    /** Creates a subscribed organisation from a registration in the register (basic module). */
    public JsonNode createFromRegistration(String env, String registrationKey, String type) {
        awaitRegistration(registrationKey);
        return api.post(crm + "/environments/" + env + "/organisations:from-registration",
                Map.of("registrationKey", registrationKey, "type", type));
    }

    public JsonNode registration(String registrationKey) {
        return api.get(ingestor + "/registrations/" + registrationKey);
    }

    private void awaitRegistration(String key) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                registration(key);
                return;
            } catch (Api.ApiException e) {
                if (e.status() != 404 || System.nanoTime() > deadline) {
                    throw e;
                }
                Feeds.pause(200);
            }
        }
    }

    /**
     * A change that reaches the matcher before the subscription it concerns raises no proposal (by design), so
     * callers that create subscriptions and then feed changes wait until the matcher's dry run counts them.
     */
    public int awaitSubscriptionsKnown(String env, int expected, Duration timeout) {
        ObjectNode everything = Api.JSON.createObjectNode();
        everything.put("name", "everything");
        everything.put("organisationType", "customer");
        everything.put("offerNewRegistrations", false);
        everything.set("postcodeRanges", Api.JSON.valueToTree(List.of(Map.of("from", 1000, "to", 9999))));
        everything.set("sbiInclude", Api.JSON.valueToTree(SbiDivisions.all()));
        everything.put("sbiScope", "ANY");
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = -1;
        while (System.nanoTime() < deadline) {
            seen = api.post(matcher + "/environments/" + env + "/profiles:preview", everything).path("alreadySubscribed")
                    .asInt();
            if (seen >= expected) {
                return seen;
            }
            Feeds.pause(250);
        }
        throw new IllegalStateException("the matcher knows " + seen + " of " + expected + " subscriptions in " + env
                + " after " + timeout.toSeconds() + " s; see the profile-matcher log");
    }

    /** One page of proposals; {@code query} is the query string without '?', e.g. "status=PENDING&size=50". */
    public JsonNode proposals(String env, String query) {
        return api.get(review + "/environments/" + env + "/proposals" + (query.isEmpty() ? "" : "?" + query));
    }

    public JsonNode accept(String env, String proposalId) {
        return api.post(review + "/environments/" + env + "/proposals/" + proposalId + ":accept", Map.of());
    }

    public JsonNode organisations(String env, String query) {
        return api.get(crm + "/environments/" + env + "/organisations" + (query.isEmpty() ? "" : "?" + query));
    }

    public JsonNode organisation(String env, String organisationId) {
        return api.get(crm + "/environments/" + env + "/organisations/" + organisationId);
    }

    /** Sum of the per-kind counts of review-api's proposal list. */
    public static int total(JsonNode counts) {
        return counts.path("UPDATE").asInt() + counts.path("ENDED").asInt() + counts.path("NEW").asInt();
    }
}
