package nl.kvksync.review.bench;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import nl.kvksync.contracts.AvroWire;
import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.contracts.review.Decision;
import nl.kvksync.contracts.review.ProposalDecided;
import nl.kvksync.review.ReviewApplication;
import nl.kvksync.review.platform.KafkaConfiguration;
import nl.kvksync.review.support.Fixtures;
import nl.kvksync.testsupport.infra.EmbeddedInfrastructure;
import nl.kvksync.testsupport.security.JwtIssuer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Load harness for the review queue (not a test: figures, no assertions). Starts a KRaft broker, an Apicurio
 * Registry and the Mongo stand-in (test-support), runs review-api on a free port of 127.0.0.1, seeds
 * {@code proposals} ProposalRaised through the real topic (80% UPDATE, 12% ENDED, 8% NEW), then drives
 * {@code GET /environments/{env}/proposals} open-loop at {@code rps} requests/s for {@code seconds} (after a
 * warm-up), with a mix of pages and filters, and reports p50/p90/p99/max measured from each request's intended
 * start (no coordinated omission). Finally bulk-accepts every pending UPDATE and reports how long review-api takes
 * to record and publish the decisions. Bounded in count and time; every process it starts is stopped.
 *
 * <pre>
 * ./mvnw -q -B -pl review-api test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   "-Dexec.args=-Xmx2g -cp %classpath nl.kvksync.review.bench.ProposalListLoad proposals=25000 rps=50 seconds=60"
 * </pre>
 */
public final class ProposalListLoad {

    private ProposalListLoad() {
    }

    public static void main(String[] args) throws Exception {
        AvroWire.trustGeneratedPackages();
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            opts.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        int proposals = Integer.parseInt(opts.getOrDefault("proposals", "25000"));
        int rps = Integer.parseInt(opts.getOrDefault("rps", "50"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "60"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "15"));
        String env = "bench";

        long t0 = System.nanoTime();
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(Path.of("target", "bench-infra"));
        JwtIssuer issuer = JwtIssuer.ephemeral();
        Map<String, Object> props = new HashMap<>();
        props.put("spring.kafka.bootstrap-servers", infra.bootstrapServers());
        props.put("kvksync.registry-url", infra.registryUrl());
        props.put("spring.mongodb.uri", infra.mongoUri());
        props.put("spring.security.oauth2.resourceserver.jwt.public-key-location",
                "file:" + issuer.publicKeyPem().toAbsolutePath());
        props.put("server.port", "0");
        props.put("server.address", "127.0.0.1");
        props.put("logging.level.root", "WARN");
        props.put("logging.level.nl.kvksync", "WARN");
        props.put("management.metrics.distribution.percentiles.http.server.requests", "0.5,0.9,0.99");
        Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "bench-infra-shutdown"));
        int exit = 0;
        ConfigurableApplicationContext app = null;
        try {
            // as command-line arguments: they win over application.yml's ${ENV:default} values
            app = new SpringApplicationBuilder(ReviewApplication.class).run(props.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            String bearer = "Bearer " + issuer.token("bench-admin", List.of("kvk-admin"), List.of(env),
                    Duration.ofHours(2));
            System.out.printf(Locale.ROOT, "stack up in %.1f s; review-api at %s%n", (System.nanoTime() - t0) / 1e9,
                    base);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            long seedStart = System.nanoTime();
            seed(infra, env, proposals);
            long sent = System.nanoTime();
            await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(250))
                    .until(() -> total(http, base, env, bearer, "") >= proposals);
            long queued = System.nanoTime();
            System.out.printf(Locale.ROOT, "seeded %d proposals: produced in %.1f s, all listed after %.1f s "
                    + "(%.0f proposals/s into the queue)%n", proposals, (sent - seedStart) / 1e9,
                    (queued - seedStart) / 1e9, proposals / ((queued - seedStart) / 1e9));

            String[] queries = {"", "?kind=UPDATE", "?kind=UPDATE&page=100", "?kind=ENDED", "?kind=NEW",
                    "?kind=UPDATE&postcodeFrom=5000&postcodeTo=5999", "?kind=UPDATE&sbiSection=G",
                    "?kind=UPDATE&field=tradeName&page=3", "?olderThan=P1D", "?kind=UPDATE&conflict=false&page=250"};
            run(http, base, env, bearer, queries, rps, warmup, "warm-up");
            // Baseline: the same client, rate and JVM against a trivial endpoint, to separate the list's own cost.
            var osBean = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            long baseCpu = osBean.getProcessCpuTime();
            long[] baseline = runPath(http, base + "/actuator/health/liveness", bearer, rps, 20, "baseline");
            double baseCpuPerRequest = (osBean.getProcessCpuTime() - baseCpu) / 1e6 / baseline.length;
            report("baseline GET /actuator/health/liveness (same client and JVM)", baseline, rps, 20);
            System.out.printf(Locale.ROOT, "  CPU of this JVM per baseline request: %.2f ms%n", baseCpuPerRequest);
            String loadBefore = loadAverage();
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long[] latencies = run(http, base, env, bearer, queries, rps, seconds, "measured");
            double cpuPerRequest = (os.getProcessCpuTime() - cpuBefore) / 1e6 / latencies.length;
            report("GET /environments/{env}/proposals (page of 50, 25k pending)", latencies, rps, seconds);
            System.out.println("  server side (http.server.requests, " + serverQuantiles(http, base) + ")");
            System.out.println("  machine load average before/after: " + loadBefore + " / " + loadAverage()
                    + " on " + Runtime.getRuntime().availableProcessors() + " cores");
            System.out.printf(Locale.ROOT, "  CPU of this JVM (review-api + load client + Mongo stand-in) per request: "
                    + "%.2f ms, i.e. %.0f%% of one core at %d req/s%n", cpuPerRequest, cpuPerRequest * rps / 10, rps);

            long bulkStart = System.nanoTime();
            HttpResponse<String> bulk = http.send(HttpRequest.newBuilder(URI.create(base + "/environments/" + env
                            + "/proposals:bulk-accept")).timeout(Duration.ofMinutes(10)).header("Authorization", bearer)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"filter\":{\"kind\":\"UPDATE\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            double bulkSeconds = (System.nanoTime() - bulkStart) / 1e9;
            Matcher decided = Pattern.compile("\"decided\":(\\d+)").matcher(bulk.body());
            Matcher failed = Pattern.compile("\"failed\":(\\d+)").matcher(bulk.body());
            System.out.printf(Locale.ROOT, "bulk-accept {\"filter\":{\"kind\":\"UPDATE\"}}: HTTP %d, decided %s, "
                            + "failed %s, %.2f s until every decision was recorded and acknowledged by Kafka%n",
                    bulk.statusCode(), decided.find() ? decided.group(1) : "?", failed.find() ? failed.group(1) : "?",
                    bulkSeconds);
            confirmLikeCrmSync(infra, http, base, env, bearer);
            long[] after = run(http, base, env, bearer, queries, rps, 10, "after bulk");
            report("GET /environments/{env}/proposals after the bulk accept", after, rps, 10);
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            if (app != null) {
                app.close();
            }
            infra.close();
        }
        System.exit(exit);
    }

    private static void seed(EmbeddedInfrastructure infra, String env, int count) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(KafkaConfiguration.producerSerdeConfig(infra.registryUrl()), false);
        Random random = new Random(42);
        String[] sbi = {"93122", "4711", "6201", "8559", "4321", "5610", "6820", "01241"};
        Instant base = Instant.now().minus(Duration.ofDays(3));
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(config, new StringSerializer(),
                serializer)) {
            for (int i = 0; i < count; i++) {
                String key = String.format("%012d", 100_000_000L + i);
                String postcode = (1000 + random.nextInt(9000)) + "AB";
                String code = sbi[random.nextInt(sbi.length)];
                ProposalKind kind = i % 100 < 80 ? ProposalKind.UPDATE : i % 100 < 92 ? ProposalKind.ENDED
                        : ProposalKind.NEW;
                Registration before = Fixtures.registration(key, "Bedrijf " + i, postcode, code);
                Registration after = Fixtures.registration(key, "Bedrijf " + i + " BV", postcode, code);
                ProposalRaised p = Fixtures.proposal(env, key, kind, kind == ProposalKind.NEW ? null : "org-" + i,
                        "feed-bench", kind == ProposalKind.NEW ? null : before, after,
                        base.plusMillis(i * 10L));
                producer.send(new ProducerRecord<>(Topics.PROPOSAL_RAISED, env + ":" + key, p));
            }
            producer.flush();
        }
    }

    /**
     * Plays crm-sync: reads every ACCEPTED decision of the environment from review.proposal-decided.v1 and answers
     * each with an OrganisationChanged carrying its decision id; reports how long review-api takes until the
     * ACCEPTED list is empty (every proposal APPLIED).
     */
    private static void confirmLikeCrmSync(EmbeddedInfrastructure infra, HttpClient http, String base, String env,
            String bearer) throws Exception {
        Map<String, ProposalDecided> byId = new java.util.LinkedHashMap<>();
        try (var consumer = nl.kvksync.testsupport.kafka.AvroClients.consumer(infra, Topics.PROPOSAL_DECIDED)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (byId.size() < 20_000 && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() instanceof ProposalDecided d && d.getEnvironmentId().equals(env)
                            && d.getDecision() == Decision.ACCEPTED) {
                        byId.putIfAbsent(d.getDecisionId(), d);
                    }
                }
            }
        }
        List<ProposalDecided> decided = new ArrayList<>(byId.values());
        System.out.println("  read " + decided.size() + " distinct accepted decisions from " + Topics.PROPOSAL_DECIDED);
        long start = System.nanoTime();
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(KafkaConfiguration.producerSerdeConfig(infra.registryUrl()), false);
        Instant synced = Instant.now().minus(Duration.ofDays(30));
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(config, new StringSerializer(),
                serializer)) {
            for (ProposalDecided d : decided) {
                var before = Fixtures.organisation(env, d.getOrganisationId(), d.getRegistration(), synced, 1);
                var after = nl.kvksync.contracts.crm.Organisation.newBuilder(before).setVersion(2).build();
                producer.send(new ProducerRecord<>(Topics.ORGANISATION_CHANGED, env + ":" + d.getOrganisationId(),
                        Fixtures.changed(before, after, nl.kvksync.contracts.crm.OrganisationChangeKind.UPDATED,
                                nl.kvksync.contracts.crm.ChangeSource.KVK, d.getDecisionId(), d.getProposalId(),
                                List.of(new nl.kvksync.contracts.crm.FieldChange("tradeName", "old", "new")))));
            }
            producer.flush();
        }
        try {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                    .until(() -> total(http, base, env, bearer, "&status=ACCEPTED") == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.println("  after 4 min still ACCEPTED: " + total(http, base, env, bearer, "&status=ACCEPTED")
                    + ", APPLIED: " + total(http, base, env, bearer, "&status=APPLIED"));
            return;
        }
        System.out.printf(Locale.ROOT, "played crm-sync for %d decisions: every proposal APPLIED %.1f s after the "
                + "first OrganisationChanged was sent (%.0f confirmations/s)%n", decided.size(),
                (System.nanoTime() - start) / 1e9, decided.size() / ((System.nanoTime() - start) / 1e9));
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static String serverQuantiles(HttpClient http, String base) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        StringBuilder out = new StringBuilder();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("http_server_requests_seconds{") && line.contains("uri=\"/environments/{env}/proposals\"")
                    && line.contains("quantile=")) {
                Matcher q = Pattern.compile("quantile=\"([0-9.]+)\"").matcher(line);
                if (q.find()) {
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) * 1000;
                    out.append(out.length() == 0 ? "" : ", ").append("p").append(
                            (int) Math.round(Double.parseDouble(q.group(1)) * 100)).append(' ')
                            .append(String.format(Locale.ROOT, "%.2f ms", value));
                }
            }
        }
        return out.toString();
    }

    private static long total(HttpClient http, String base, String env, String bearer, String query) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/environments/" + env
                + "/proposals?size=1" + query)).header("Authorization", bearer).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"total\":(\\d+)").matcher(r.body());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static long[] runPath(HttpClient http, String url, String bearer, int rps, int seconds, String phase)
            throws InterruptedException {
        return run(http, url, null, bearer, new String[] {""}, rps, seconds, phase);
    }

    /** Open loop: one request every 1/rps s regardless of answers; latency from the intended start. */
    private static long[] run(HttpClient http, String base, String env, String bearer, String[] queries, int rps,
            int seconds, String phase) throws InterruptedException {
        int n = rps * seconds;
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        ExecutorService workers = Executors.newFixedThreadPool(16);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rps;
        Random random = new Random(7);
        List<String> plan = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            plan.add(queries[random.nextInt(queries.length)]);
        }
        AtomicInteger next = new AtomicInteger();
        clock.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= n) {
                return;
            }
            long intended = start + i * interval;
            String q = plan.get(i);
            workers.execute(() -> {
                try {
                    String url = env == null ? base : base + "/environments/" + env + "/proposals" + q;
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                            .header("Authorization", bearer).build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() != 200) {
                        errors.incrementAndGet();
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    latencies.add(System.nanoTime() - intended);
                    done.countDown();
                }
            });
        }, 0, interval, TimeUnit.NANOSECONDS);
        done.await(seconds + 60L, TimeUnit.SECONDS);
        clock.shutdownNow();
        workers.shutdownNow();
        if (errors.get() > 0) {
            System.out.println(phase + ": " + errors.get() + " requests failed");
        }
        return latencies.stream().mapToLong(Long::longValue).toArray();
    }

    private static void report(String what, long[] nanos, int rps, int seconds) {
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%s at %d req/s for %d s (%d requests): p50 %.2f ms, p90 %.2f ms, "
                        + "p99 %.2f ms, max %.2f ms%n", what, rps, seconds, nanos.length, pct(nanos, 50),
                pct(nanos, 90), pct(nanos, 99), nanos.length == 0 ? 0 : nanos[nanos.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
