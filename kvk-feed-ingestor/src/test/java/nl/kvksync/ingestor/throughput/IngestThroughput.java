package nl.kvksync.ingestor.throughput;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import nl.kvksync.contracts.AccessClaims;
import nl.kvksync.contracts.AvroWire;
import nl.kvksync.ingestor.IngestorApplication;
import nl.kvksync.testsupport.infra.EmbeddedInfrastructure;
import nl.kvksync.testsupport.security.JwtIssuer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repeatable ingest-throughput harness (a program, not a test): starts a fresh embedded broker and registry and
 * the ingestor in this JVM on free ports, then ingests each feed file given, in order, exactly as {@code ./kvk ingest}
 * does ({@code POST /runs} with the file streamed, then {@code GET /runs/{id}} until the run ends), and prints per file
 * the records, the seconds from the first byte sent to COMPLETED (every event committed, so acknowledged by Kafka),
 * the run's own duration and records per second, plus heap and replica size after each file. Typical use: a register
 * of 1,000,000 registrations, then a week of 25,000 changes against it (both from {@code ./kvk generate}). See the
 * module README, "Ingest throughput".
 *
 * <pre>java -Xmx1g -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     nl.kvksync.ingestor.throughput.IngestThroughput register-1m.jsonl week-25k.jsonl</pre>
 */
public final class IngestThroughput {

    private IngestThroughput() {
    }

    public static void main(String[] args) throws Exception {
        AvroWire.trustGeneratedPackages();
        if (args.length == 0) {
            System.err.println("usage: IngestThroughput FEED_FILE...   (e.g. a register, then a week against it)");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("ingest-throughput-");
        JwtIssuer issuer = JwtIssuer.loadOrCreate(work.resolve("jwt"));
        String bearer = "Bearer " + issuer.token("throughput", List.of(AccessClaims.KVK_ADMIN),
                List.of(AccessClaims.ALL_ENVIRONMENTS), Duration.ofHours(12));
        List<String> report = new ArrayList<>();
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(work.resolve("infra"))) {
            SpringApplication app = new SpringApplication(IngestorApplication.class);
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("server.port", "0");
            props.put("spring.kafka.bootstrap-servers", infra.bootstrapServers());
            props.put("kvksync.registry-url", infra.registryUrl());
            props.put("spring.security.oauth2.resourceserver.jwt.public-key-location",
                    "file:" + issuer.publicKeyPem().toAbsolutePath());
            props.put("kvksync.ingestor.runs.state-dir", work.resolve("state").toString());
            props.put("kvksync.ingestor.runs.inbox-dir", work.resolve("inbox").toString());
            props.put("kvksync.ingestor.runs.inbox-enabled", "false");
            props.put("logging.level.root", "WARN");
            // as command-line arguments, so they win over application.yml
            String[] arguments = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            try (ConfigurableApplicationContext context = app.run(arguments)) {
                String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
                awaitReady(base);
                for (String arg : args) {
                    report.add(ingest(base, bearer, Path.of(arg), work.resolve("state")));
                }
            }
        }
        System.out.println();
        System.out.println("== ingest throughput (" + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB, JVM " + System.getProperty("java.version")
                + ") ==");
        report.forEach(System.out::println);
        deleteQuietly(work);
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static void awaitReady(String base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the ingestor did not get ready");
    }

    private static String ingest(String base, String bearer, Path file, Path state) throws Exception {
        long lines = countLines(file);
        long t0 = System.nanoTime();
        HttpResponse<String> upload = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/runs"))
                .header("Authorization", bearer).header("Content-Type", "application/x-ndjson")
                .header("X-Feed-Name", file.getFileName().toString())
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        if (upload.statusCode() != 202) {
            throw new IllegalStateException("POST /runs answered " + upload.statusCode() + ": " + upload.body());
        }
        double uploadSeconds = (System.nanoTime() - t0) / 1e9;
        String runId = JsonMapper.builder().build().readTree(upload.body()).path("runId").asString();
        JsonNode run;
        while (true) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/runs/" + runId))
                    .header("Authorization", bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
            run = JsonMapper.builder().build().readTree(r.body());
            String status = run.path("status").asString();
            if (status.equals("COMPLETED") || status.equals("FAILED")) {
                break;
            }
            Thread.sleep(50);
        }
        double total = (System.nanoTime() - t0) / 1e9;
        String started = run.path("startedAt").asString("");
        String finished = run.path("finishedAt").asString("");
        double runSeconds = started.isEmpty() || finished.isEmpty() ? Double.NaN
                : Duration.between(Instant.parse(started), Instant.parse(finished)).toMillis() / 1e3;
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
        return String.format("%s: %,d lines, %s — read %,d published %,d unchanged %,d rejected %,d%n"
                        + "  first byte sent -> COMPLETED %.1f s (%,.0f records/s); upload %.1f s; run %.1f s "
                        + "(%,.0f records/s); heap after GC %,d MiB; replica on disk %,d MiB",
                file.getFileName(), lines, run.path("status").asString() + (run.hasNonNull("error") ? " ("
                        + run.get("error").asString() + ")" : ""), run.path("read").asLong(),
                run.path("published").asLong(), run.path("unchanged").asLong(), run.path("rejected").asLong(), total,
                lines / total, uploadSeconds, runSeconds, lines / Math.max(runSeconds, 1e-3), heap,
                size(state.resolve("replica")) / (1024 * 1024));
    }

    private static long countLines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
    }

    private static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir: the OS cleans it eventually
        }
    }
}
