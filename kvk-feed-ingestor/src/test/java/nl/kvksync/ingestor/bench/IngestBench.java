package nl.kvksync.ingestor.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import nl.kvksync.contracts.AvroBinary;
import nl.kvksync.contracts.AvroWire;
import nl.kvksync.contracts.kvk.RejectionReason;
import nl.kvksync.ingestor.feed.FeedLineReader;
import nl.kvksync.ingestor.feed.FeedRecordReader;
import nl.kvksync.ingestor.feed.SbiCatalogue;
import nl.kvksync.testsupport.infra.ChildProcess;
import nl.kvksync.testsupport.infra.EmbeddedInfrastructure;
import nl.kvksync.testsupport.infra.JavaCommand;
import nl.kvksync.testsupport.infra.Readiness;
import nl.kvksync.testsupport.security.JwtIssuer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Repeatable ingest figures (not a test: run it by hand, see the module README, "Benchmarks").
 * <ul>
 * <li>{@code parse FILE} — parse + validate + Avro-encode every line of a feed file on one thread.</li>
 * <li>{@code ingest FILE...} (e.g. a register, then a week) — starts a broker and a registry (embedded, under target/bench-infra) and the
 * ingestor's executable jar with a 1 GiB heap, uploads the register file and then the week file over HTTP, and
 * reports for each the time from the upload to the run COMPLETED (every event acknowledged by Kafka and
 * committed), records/s, and the ingestor's heap after each run.</li>
 * </ul>
 */
public final class IngestBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        AvroWire.trustGeneratedPackages();
        switch (args.length == 0 ? "" : args[0]) {
            case "parse" -> parse(Path.of(args[1]));
            case "ingest" -> ingest(java.util.Arrays.stream(args).skip(1).map(Path::of).toList());
            default -> System.err.println("usage: IngestBench parse FILE | ingest FILE... (-Dbench.jfr=out.jfr, "
                    + "-Dbench.pause=SECONDS between files)");
        }
    }

    static void parse(Path file) throws Exception {
        FeedRecordReader reader = new FeedRecordReader(SbiCatalogue.standard(), 1 << 20);
        var avro = AvroBinary.registrations();
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            long lines = 0;
            long bytes = 0;
            Map<RejectionReason, Long> rejected = new TreeMap<>();
            try (FeedLineReader r = new FeedLineReader(Files.newInputStream(file), 1 << 20)) {
                FeedLineReader.Line line;
                while ((line = r.next()) != null) {
                    lines++;
                    bytes += line.length();
                    FeedRecordReader.Outcome o = reader.read(line);
                    if (o.rejection() != null) {
                        rejected.merge(o.rejection().reason(), 1L, Long::sum);
                        continue;
                    }
                    avro.encode(o.record().registration());
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%s round %d: %,d lines (%,d MB) in %.2f s = %,.0f records/s on one thread; rejected %s%n",
                    file.getFileName(), round + 1, lines, bytes >> 20, s, lines / s, rejected);
        }
    }

    static void ingest(List<Path> files) throws Exception {
        Path work = Files.createDirectories(Path.of("target", "bench").toAbsolutePath());
        Path state = Files.createTempDirectory(work, "state-");
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(work.resolve("infra"));
        JwtIssuer issuer = JwtIssuer.loadOrCreate(work.resolve("jwt"));
        int port = Readiness.freePort();
        Path jar = Path.of("target", "kvk-feed-ingestor-exec.jar").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(JavaCommand.javaExecutable(), "-Xms256m", "-Xmx1g",
                "-XX:+UseSerialGC", "-D" + AvroWire.TRUSTED_PACKAGES_PROPERTY + "=" + AvroWire.TRUSTED_PACKAGES));
        if (System.getProperty("bench.jfr") != null) {
            command.add("-XX:StartFlightRecording=filename=" + System.getProperty("bench.jfr") + ",settings=profile");
        }
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port,
                "--spring.kafka.bootstrap-servers=" + infra.bootstrapServers(),
                "--kvksync.registry-url=" + infra.registryUrl(),
                "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + issuer.publicKeyPem(),
                "--kvksync.ingestor.runs.state-dir=" + state, "--kvksync.ingestor.runs.inbox-enabled=false",
                "--logging.level.root=WARN"));
        String extra = System.getProperty("bench.ingestor-args", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        String base = "http://127.0.0.1:" + port;
        String token = issuer.token("bench", List.of("kvk-admin"), List.of("*"), Duration.ofHours(4));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (ChildProcess ingestor = ChildProcess.start("ingestor", command, work.resolve("ingestor.log"), state,
                Map.of())) {
            Readiness.await("ingestor", Duration.ofSeconds(240), ingestor,
                    () -> Readiness.httpOk(base + "/actuator/health/readiness"));
            for (Path file : files) {
                long t0 = System.nanoTime();
                java.time.Instant started = java.time.Instant.now();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/runs"))
                        .header("Authorization", "Bearer " + token)
                        .header("X-Feed-Name", file.getFileName().toString())
                        .timeout(Duration.ofMinutes(30))
                        .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
                double uploaded = (System.nanoTime() - t0) / 1e9;
                String runId = JSON.readTree(r.body()).get("runId").asString();
                // Polled every 250 ms (as ./kvk ingest does); the end is the run's own finishedAt, so the figure does
                // not depend on the polling, and the polling does not take the CPU the run needs.
                java.util.concurrent.atomic.AtomicReference<JsonNode> last =
                        new java.util.concurrent.atomic.AtomicReference<>();
                org.awaitility.Awaitility.await("run " + runId).atMost(Duration.ofMinutes(30))
                        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250)).until(() -> {
                            last.set(JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/runs/" + runId))
                                    .header("Authorization", "Bearer " + token).build(),
                                    HttpResponse.BodyHandlers.ofString()).body()));
                            return last.get().get("status").asString().matches("COMPLETED|FAILED");
                        });
                JsonNode run = last.get();
                double total = java.time.Duration.between(started,
                        java.time.Instant.parse(run.get("finishedAt").asString())).toMillis() / 1e3;
                long read = run.get("read").asLong();
                double processing = java.time.Duration.between(java.time.Instant.parse(run.get("startedAt").asString()),
                        java.time.Instant.parse(run.get("finishedAt").asString())).toMillis() / 1e3;
                System.out.printf("%s: %s, %,d lines (published %,d, unchanged %,d, rejected %,d) — upload %.1f s, "
                        + "run %.1f s, upload to all events committed %.1f s = %,.0f records/s%n",
                        file.getFileName(), run.get("status").asString(), read, run.get("published").asLong(),
                        run.get("unchanged").asLong(), run.get("rejected").asLong(), uploaded, processing, total,
                        read / total);
                JsonNode heap = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base
                        + "/actuator/metrics/jvm.memory.used?tag=area:heap")).header("Authorization", "Bearer " + token)
                        .build(), HttpResponse.BodyHandlers.ofString()).body());
                JsonNode value = heap.path("measurements").path(0).path("value");
                System.out.printf("  ingestor heap used after the run: %s MB (max 1024)%n",
                        value.isMissingNode() ? "?" : String.valueOf(value.asLong() >> 20));
                long pause = Long.getLong("bench.pause", 0);
                if (pause > 0 && !file.equals(files.get(files.size() - 1))) {
                    System.out.printf("  pausing %d s before the next file (-Dbench.pause)%n", pause);
                    Thread.sleep(pause * 1000);
                }
            }
        } finally {
            infra.close();
        }
    }
}
