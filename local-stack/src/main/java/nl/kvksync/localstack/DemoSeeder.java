package nl.kvksync.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import nl.kvksync.contracts.AccessClaims;
import tools.jackson.databind.JsonNode;

/**
 * Seeds the demo environment through the services' own APIs: the environment with both KvK modules, import
 * profiles, the register (a feed of new registrations), organisations created from registrations (and so
 * subscribed), then the week's feed — whose changes become proposals in review-api. The data is in
 * {@code src/main/resources/demo/}.
 */
public final class DemoSeeder {

    private final PlatformClient platform;
    private final Consumer<String> progress;
    private final JsonNode demo;

    public DemoSeeder(LocalStack stack, Consumer<String> progress) {
        this.demo = Api.JSON.readTree(resource("demo.json"));
        String token = stack.issuer().token("demo-seeder", List.of(AccessClaims.KVK_ADMIN, AccessClaims.CRM_USER),
                List.of(environmentId()), Duration.ofHours(1));
        this.platform = new PlatformClient(stack.layout(), token);
        this.progress = progress;
    }

    public String environmentId() {
        return demo.path("environment").path("environmentId").asString();
    }

    /** Everything up to (not including) the week's feed. */
    public void seedBaseline() {
        String env = environmentId();
        progress.accept("creating environment " + env);
        platform.ensureEnvironment(demo.get("environment"));
        String register = demo.path("register").asString();
        progress.accept("register loaded: " + summary(platform.ingest(register, resource(register), r -> {
        })));
        for (JsonNode profile : demo.get("profiles")) {
            platform.ensureProfile(env, profile);
        }
        progress.accept(demo.get("profiles").size() + " import profiles in place");
        int created = 0;
        for (JsonNode subscription : demo.get("subscribed")) {
            try {
                platform.createFromRegistration(env, subscription.path("registrationKey").asString(),
                        subscription.path("type").asString());
                created++;
            } catch (Api.ApiException e) {
                if (e.status() != 409) {
                    throw e;
                }
            }
        }
        progress.accept(created + " organisations created from KvK registrations (subscribed)");
        int known = platform.awaitSubscriptionsKnown(env, demo.get("subscribed").size(), Duration.ofSeconds(60));
        progress.accept("the matcher follows " + known + " subscriptions in " + env);
    }

    /** The week's feed; returns the run report. */
    public JsonNode ingestWeek() {
        String week = demo.path("week").asString();
        JsonNode run = platform.ingest(week, resource(week), r -> {
        });
        progress.accept("week feed ingested: " + summary(run));
        return run;
    }

    /** Waits until review-api lists the proposals the week's feed should yield; returns the counts per kind. */
    public JsonNode awaitProposals(Duration timeout) {
        int expected = PlatformClient.total(demo.get("expectedProposals"));
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode counts = platform.proposals(environmentId(), "status=PENDING&size=1").path("counts");
        while (PlatformClient.total(counts) < expected && System.nanoTime() < deadline) {
            Feeds.pause(250);
            counts = platform.proposals(environmentId(), "status=PENDING&size=1").path("counts");
        }
        return counts;
    }

    static String summary(JsonNode run) {
        return String.format("%s — read %d, published %d, unchanged %d, rejected %d", run.path("status").asString(),
                run.path("read").asLong(), run.path("published").asLong(), run.path("unchanged").asLong(),
                run.path("rejected").asLong());
    }

    static byte[] resource(String name) {
        try (InputStream in = DemoSeeder.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) {
                throw new IllegalStateException("demo resource " + name + " missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
