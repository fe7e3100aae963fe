package nl.kvksync.localstack.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.kvksync.contracts.Topics;
import nl.kvksync.localstack.Api;
import nl.kvksync.localstack.Feeds;
import nl.kvksync.localstack.PlatformClient;
import nl.kvksync.localstack.bench.WeekOracle.BenchProfile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The steps of a weekly cycle driven through the public APIs, shared by {@code ./kvk bench} and the crash test:
 * environments with profiles, organisations subscribed to registrations, a feed through {@code POST /runs},
 * waiting for the review queue, and a bulk accept waited out until crm-sync has applied every decision. Calls that
 * hit a service while it restarts are retried, so a crash test can run the same steps.
 */
public final class Pipeline {

    /** The matcher's consumer group: its Kafka Streams application id on the local stack. */
    static final String MATCHER_GROUP = "profile-matcher";

    public static final List<BenchProfile> PROFILES = List.of(
            new BenchProfile("South software and consultancy", 5000, 5999, List.of("62", "63", "70", "73"), List.of()),
            new BenchProfile("Randstad construction and shops", 1000, 3999, List.of("41", "43", "47"), List.of("4711")),
            new BenchProfile("East hospitality and care", 6000, 9999, List.of("56", "86", "93"), List.of()));

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private final PlatformClient platform;
    private final List<String> environments = new ArrayList<>();
    private final Map<String, Integer> subscribedPerEnvironment = new LinkedHashMap<>();
    private final Consumer<String> say;

    public Pipeline(PlatformClient platform, Consumer<String> say) {
        this.platform = platform;
        this.say = say;
    }

    public List<String> environments() {
        return environments;
    }

    /** Creates {@code count} environments named {@code prefix-1..n}, each with both modules and its own profile. */
    public void createEnvironments(String prefix, int count) {
        for (int i = 0; i < count; i++) {
            String env = prefix + "-" + (i + 1);
            platform.ensureEnvironment(JSON.valueToTree(Map.of("environmentId", env, "name", "Tenant " + env,
                    "basicModule", true, "advancedModule", true, "organisationTypes", List.of("customer", "prospect"))));
            platform.ensureProfile(env, JSON.valueToTree(PROFILES.get(i).body()));
            environments.add(env);
        }
    }

    /**
     * Waits until the matcher has routed every change published so far (its consumer group has nothing left on
     * {@code kvk.registration-changed.v1}). Profiles defined only after a register load has been routed do not
     * turn the load's registrations into NEW proposals — as in production, where the register is loaded first.
     */
    public void awaitMatcherCaughtUp(String bootstrapServers, Duration timeout) {
        long t0 = System.nanoTime();
        long ahead = ConsumerCatchUp.await(bootstrapServers, MATCHER_GROUP, Topics.REGISTRATION_CHANGED, timeout);
        if (ahead > 0) {
            throw new IllegalStateException("the matcher still had " + ahead + " changes to route after " + timeout);
        }
        say.accept(String.format("the matcher has routed every change (waited %.1f s)",
                (System.nanoTime() - t0) / 1e9));
    }

    /** Uploads a feed and waits for its run to complete; fails when the run fails. */
    public JsonNode ingest(Path feed, Consumer<JsonNode> progress) {
        JsonNode run = retrying("ingesting " + feed.getFileName(), () -> platform.ingest(feed, progress));
        if (!"COMPLETED".equals(run.path("status").asString())) {
            throw new IllegalStateException("feed run " + run.path("runId").asString() + " ended "
                    + run.path("status").asString() + ": " + run.path("error").asString(""));
        }
        return run;
    }

    /** The registrations to subscribe: those the week changes or ends first, then others from the register. */
    public static List<String> subscriptionKeys(WeekOracle week, Path register, int count) {
        List<String> keys = new ArrayList<>(week.changedOrEndedKeys().stream().limit(count).toList());
        if (keys.size() < count) {
            Set<String> taken = new HashSet<>(keys);
            Pattern vestiging = Pattern.compile("\"vestigingsnummer\":\"(\\d{12})\"");
            try (BufferedReader in = Files.newBufferedReader(register, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null && keys.size() < count; line = in.readLine()) {
                    Matcher m = vestiging.matcher(line);
                    if (m.find() && taken.add(m.group(1))) {
                        keys.add(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return keys;
    }

    /**
     * Creates an organisation from each registration, spread round-robin over the environments (8 at a time), then
     * waits until the matcher follows them all; returns each call's latency in milliseconds.
     */
    public long[] subscribe(List<String> keys) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> calls = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                String env = environments.get(i % environments.size());
                String key = keys.get(i);
                subscribedPerEnvironment.merge(env, 1, Integer::sum);
                calls.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    platform.createFromRegistration(env, key, "customer");
                    return (System.nanoTime() - start) / 1_000_000;
                }));
            }
            long[] latencies = new long[calls.size()];
            for (int i = 0; i < calls.size(); i++) {
                latencies[i] = calls.get(i).get();
                if (i % 1000 == 999) {
                    say.accept("  " + (i + 1) + " organisations");
                }
            }
            for (String env : environments) {
                platform.awaitSubscriptionsKnown(env, subscribedPerEnvironment.get(env), Duration.ofMinutes(5));
            }
            return latencies;
        } catch (Exception e) {
            throw new IllegalStateException("subscribing organisations failed: " + e.getMessage(), e);
        } finally {
            pool.shutdown();
        }
    }

    /** UPDATE/ENDED for every subscription (they all follow registrations the week touches) plus the NEW ones. */
    public long expectedProposals(WeekOracle week) {
        long updates = subscribedPerEnvironment.values().stream().mapToLong(Integer::longValue).sum();
        long created = 0;
        for (int i = 0; i < environments.size(); i++) {
            created += week.expectedNew(List.of(PROFILES.get(i)));
        }
        say.accept("expected proposals: " + updates + " UPDATE/ENDED + " + created + " NEW");
        return updates + created;
    }

    /** The sum over the environments of the proposals with this status. */
    public long total(String status) {
        long total = 0;
        for (String env : environments) {
            total += retrying("counting proposals", () -> platform.proposals(env, "status=" + status + "&size=1"))
                    .path("total").asLong();
        }
        return total;
    }

    /**
     * Waits until the proposals with {@code status} add up to {@code expected}, or stop changing for
     * {@code quiet}; returns the count and the moment (epoch ms) it last changed.
     */
    public long[] awaitTotal(String status, long expected, Duration quiet, Duration timeout) {
        // review-api counts open proposals (PENDING, ACCEPTED, FAILED) from its in-memory index, any other status
        // with a MongoDB query (a collection scan on the stand-in, which ignores non-unique indexes): poll those
        // less often, so the measurement does not load the stack it measures.
        return awaitTotal(status, total -> total >= expected, quiet, timeout,
                List.of("PENDING", "ACCEPTED", "FAILED").contains(status) ? 100 : 500);
    }

    private long[] awaitTotal(String status, LongPredicate done, Duration quiet, Duration timeout,
            long pollMillis) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        long changedAt = System.currentTimeMillis();
        while (System.nanoTime() < deadline) {
            long total = total(status);
            long now = System.currentTimeMillis();
            if (total != last) {
                last = total;
                changedAt = now;
            }
            if (done.test(total) || now - changedAt > quiet.toMillis()) {
                return new long[] {total, changedAt};
            }
            Feeds.pause(pollMillis);
        }
        return new long[] {last, changedAt};
    }

    /**
     * Waits until no proposal has {@code status} (an open one: review-api counts it from its in-memory index, so
     * polling every 100 ms does not load the stack it measures), or the count stops changing for {@code quiet};
     * returns the count left and the moment (epoch ms) it last changed.
     */
    public long[] awaitDrained(String status, Duration quiet, Duration timeout) {
        return awaitTotal(status, total -> total == 0, quiet, timeout, 100);
    }

    /** Bulk-accepts every pending proposal of every environment; returns how many decisions failed. */
    public long bulkAcceptAll() {
        long failed = 0;
        for (String env : environments) {
            JsonNode result = retrying("bulk accept in " + env, () -> platform.api().post(platform.reviewUrl()
                    + "/environments/" + env + "/proposals:bulk-accept", Map.of("filter", Map.of())));
            failed += result.path("failed").asLong();
        }
        return failed;
    }

    /** Every status a proposal can have (review-api lists one status at a time, PENDING by default). */
    static final List<String> STATUSES = List.of("PENDING", "ACCEPTED", "APPLIED", "REJECTED", "SUPERSEDED",
            "FAILED");

    /** The proposals of every environment, in any status. */
    public Map<String, List<JsonNode>> proposals() {
        Map<String, List<JsonNode>> all = new LinkedHashMap<>();
        for (String env : environments) {
            List<JsonNode> list = new ArrayList<>();
            for (String status : STATUSES) {
                for (int page = 0; ; page++) {
                    String query = "status=" + status + "&size=200&page=" + page;
                    JsonNode items = retrying("listing proposals", () -> platform.proposals(env, query)).path("items");
                    items.forEach(list::add);
                    if (items.size() < 200) {
                        break;
                    }
                }
            }
            all.put(env, list);
        }
        return all;
    }

    /** The organisations of every environment. */
    public Map<String, List<JsonNode>> organisations() {
        Map<String, List<JsonNode>> all = new LinkedHashMap<>();
        for (String env : environments) {
            List<JsonNode> list = new ArrayList<>();
            for (int page = 0; ; page++) {
                JsonNode answer = platform.organisations(env, "size=200&page=" + page);
                JsonNode items = answer.isArray() ? answer : answer.path("items");
                items.forEach(list::add);
                if (items.size() < 200) {
                    break;
                }
            }
            all.put(env, list);
        }
        return all;
    }

    /** Retries a call for up to three minutes while the service behind it is down or restarting. */
    public <T> T retrying(String what, java.util.function.Supplier<T> call) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            try {
                return call.get();
            } catch (IllegalStateException | Api.ApiException e) {
                boolean unavailable = !(e instanceof Api.ApiException api) || api.status() == 503 || api.status() == 502;
                if (!unavailable || System.nanoTime() > deadline) {
                    throw e;
                }
                Feeds.pause(500);
            }
        }
    }
}
