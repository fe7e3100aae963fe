package nl.kvksync.ingestor.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import nl.kvksync.contracts.AvroWire;
import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.kvk.FeedRecordRejected;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationChanged;
import nl.kvksync.ingestor.IngestorApplication;
import nl.kvksync.ingestor.feed.FeedLineReader;
import nl.kvksync.ingestor.feed.FeedRecordReader;
import nl.kvksync.ingestor.feed.SbiCatalogue;
import nl.kvksync.ingestor.replica.ChangeDetector;
import nl.kvksync.ingestor.support.CommittedReader;
import nl.kvksync.ingestor.support.FeedLines;
import nl.kvksync.testsupport.infra.ChildProcess;
import nl.kvksync.testsupport.infra.EmbeddedInfrastructure;
import nl.kvksync.testsupport.infra.JavaCommand;
import nl.kvksync.testsupport.infra.Readiness;
import nl.kvksync.testsupport.spring.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ingestor runs as a child JVM (this test's classpath) on a 30,000-line feed and dies twice: first it halts
 * itself right after a Kafka commit and before the replica write (fault injection, the worst moment), then it is
 * SIGKILLed in the middle of the file; each time it is started again on the same state directory. Every record it published (read_committed) is compared with what a
 * clean run must publish, computed here from the same file: each expected change event and rejection exactly once,
 * nothing else, with the same content.
 */
class ExactlyOnceAfterSigkillIT {

    static final int LINES = 30_000;
    static final JsonMapper JSON = JsonMapper.builder().build();

    final EmbeddedInfrastructure infra = EmbeddedInfrastructure.shared();
    final HttpClient http = HttpClient.newHttpClient();
    final String token = TestTokens.token("kvk-admin", "*");

    @Test
    void resumesAfterSigkillWithNoDuplicateAndNoGap() throws Exception {
        String seed = UUID.randomUUID().toString();
        byte[] feed = feed(seed);
        Expected expected = expected(feed);
        assertThat(expected.changes).hasSizeGreaterThan(25_000);

        Path state = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "kill-state-");
        int port = Readiness.freePort();
        String suffix = seed.substring(0, 8);
        List<String> args = List.of("--server.port=" + port, "--server.address=127.0.0.1",
                "--spring.kafka.bootstrap-servers=" + infra.bootstrapServers(),
                "--kvksync.registry-url=" + infra.registryUrl(),
                "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:"
                        + TestTokens.issuer().publicKeyPem().toAbsolutePath(),
                "--kvksync.ingestor.runs.state-dir=" + state,
                "--kvksync.ingestor.runs.inbox-enabled=false",
                "--kvksync.ingestor.runs.batch-lines=300",
                "--kvksync.ingestor.runs.runs-topic=kvk-feed-ingestor.runs-killtest-" + suffix + ".v1",
                "--kvksync.ingestor.runs.transactional-id=kill-test-" + suffix);
        List<String> command = JavaCommand.forMainClass(List.of("-Xmx512m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-D" + AvroWire.TRUSTED_PACKAGES_PROPERTY + "=" + AvroWire.TRUSTED_PACKAGES),
                JavaCommand.currentClasspath(), IngestorApplication.class.getName(), args);
        String base = "http://127.0.0.1:" + port;

        // 1: the ingestor halts itself right after a Kafka commit, before writing the replica (the worst moment)
        List<String> crashing = new ArrayList<>(command);
        crashing.add("--kvksync.ingestor.runs.halt-after-commit-line=6000");
        String runId;
        try (ChildProcess first = ChildProcess.start("ingestor-1", crashing, state.resolve("ingestor-1.log"), state,
                Map.of())) {
            awaitReady(base, first);
            HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(base + "/runs"))
                    .header("Authorization", "Bearer " + token).header("X-Feed-Name", "kill-test.jsonl")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(feed)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
            runId = JSON.readTree(upload.body()).get("runId").asString();
            await().atMost(Duration.ofSeconds(180)).until(() -> !first.isAlive());
        }
        assertThat(Files.readString(state.resolve("ingestor-1.log"))).contains("fault injection: halting");

        // 2: started again, it replays what the replica missed, resumes, and is SIGKILLed in the middle
        try (ChildProcess second = ChildProcess.start("ingestor-2", command, state.resolve("ingestor-2.log"), state,
                Map.of())) {
            awaitReady(base, second);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(20))
                    .until(() -> run(base, runId).get("line").asLong() >= 15_000);
            second.kill();
            assertThat(run(base, runId, second)).as("killed in the middle (the service is gone)").isEmpty();
        }
        assertThat(Files.readString(state.resolve("ingestor-2.log"))).contains("replaying the difference");

        // 3: started once more, it finishes the run
        try (ChildProcess third = ChildProcess.start("ingestor-3", command, state.resolve("ingestor-3.log"), state,
                Map.of())) {
            awaitReady(base, third);
            JsonNode[] last = new JsonNode[1];
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(() -> {
                last[0] = run(base, runId);
                return last[0].get("status").asString().matches("COMPLETED|FAILED");
            });
            JsonNode report = last[0];
            assertThat(report.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(report.get("read").asLong()).isEqualTo(LINES);
            assertThat(report.get("published").asLong()).isEqualTo(expected.publishedLines);
            assertThat(report.get("unchanged").asLong()).isEqualTo(expected.unchanged);
            assertThat(report.get("rejected").asLong()).isEqualTo(expected.rejections.size());
            third.stop(Duration.ofSeconds(20));
        }

        List<ConsumerRecord<String, Object>> changes = CommittedReader.records(infra, Topics.REGISTRATION_CHANGED,
                RegistrationChanged.class, c -> c.getFeedId().equals(runId), expected.changes.size(),
                Duration.ofSeconds(120));
        Map<String, RegistrationChanged> byEventId = new LinkedHashMap<>();
        for (ConsumerRecord<String, Object> r : changes) {
            RegistrationChanged c = (RegistrationChanged) r.value();
            assertThat(byEventId.put(c.getEventId(), c)).as("duplicate event %s (line %d)", c.getEventId(),
                    c.getFeedLine()).isNull();
            assertThat(r.key()).isEqualTo(c.getRegistrationKey());
        }
        assertThat(byEventId.keySet()).as("no gap, nothing extra").isEqualTo(expected.changes.keySet());
        for (Map.Entry<String, RegistrationChanged> e : expected.changes.entrySet()) {
            RegistrationChanged actual = byEventId.get(e.getKey());
            RegistrationChanged want = e.getValue();
            assertThat(actual.getKind()).isEqualTo(want.getKind());
            assertThat(actual.getFeedLine()).isEqualTo(want.getFeedLine());
            assertThat(actual.getChangedFields()).isEqualTo(want.getChangedFields());
            assertThat(actual.getRegistration()).isEqualTo(want.getRegistration());
            assertThat(actual.getPrevious()).isEqualTo(want.getPrevious());
        }

        List<ConsumerRecord<String, Object>> rejected = CommittedReader.records(infra, Topics.FEED_REJECTED,
                FeedRecordRejected.class, r -> r.getFeedId().equals(runId), expected.rejections.size(),
                Duration.ofSeconds(60));
        List<Long> rejectedLines = rejected.stream().map(r -> ((FeedRecordRejected) r.value()).getLine()).toList();
        assertThat(rejectedLines).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected.rejections);

        Set<String> keys = new HashSet<>();
        expected.changes.values().forEach(c -> keys.add(c.getRegistrationKey()));
        List<ConsumerRecord<String, Object>> snapshots = CommittedReader.records(infra, Topics.REGISTRATIONS,
                Registration.class, r -> keys.contains(r.getRegistrationKey()), expected.changes.size(),
                Duration.ofSeconds(60));
        assertThat(snapshots).hasSize(expected.changes.size());
    }

    // ---- the feed and what a clean run publishes ----

    static byte[] feed(String seed) {
        FeedLines lines = new FeedLines(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int created = 0;
        for (int i = 1; i <= LINES; i++) {
            String line;
            if (i % 30 == 0) {
                line = "{\"mutatie\":{\"soort\":\"NIEUW\"},\"kvkNummer\":\"12AB\",\"line\":" + i + "}";
            } else if (i % 10 == 0 && created > 10) {
                String v = lines.vestigingsnummer(1 + (i * 7919) % created);
                line = switch (i % 40) {
                    case 10 -> lines.wijziging(v, "Renamed " + i, "2500AA");
                    case 20 -> lines.beeindiging(v, "FAILLISSEMENT");
                    default -> lines.wijziging(v, "Shop " + (1 + (i * 7919) % created), "1034WL");
                };
            } else {
                created++;
                line = lines.nieuw(lines.vestigingsnummer(created), "Shop " + created, "1034WL");
            }
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        return out.toByteArray();
    }

    static final class Expected {
        final Map<String, RegistrationChanged> changes = new LinkedHashMap<>();
        final List<Long> rejections = new ArrayList<>();
        long unchanged;
        long publishedLines;
    }

    /** A clean run, computed with the same plain classes against an in-memory replica that starts empty. */
    static Expected expected(byte[] feed) throws Exception {
        Expected e = new Expected();
        FeedRecordReader reader = new FeedRecordReader(SbiCatalogue.standard(), 1 << 20);
        Map<String, Registration> replica = new HashMap<>();
        String runId = runIdOf(feed);
        try (FeedLineReader lines = new FeedLineReader(new java.io.ByteArrayInputStream(feed), 1 << 20)) {
            FeedLineReader.Line line;
            while ((line = lines.next()) != null) {
                FeedRecordReader.Outcome o = reader.read(line);
                if (o.rejection() != null) {
                    e.rejections.add(line.number());
                    continue;
                }
                String key = o.record().registration().getRegistrationKey();
                Registration previous = replica.get(key);
                ChangeDetector.Decision d = ChangeDetector.decide(o.record(), previous);
                if (d.unchanged()) {
                    e.unchanged++;
                    continue;
                }
                replica.put(key, d.next());
                e.publishedLines++;
                String eventId = FeedRunner.eventId(runId, key, line.number());
                e.changes.put(eventId, RegistrationChanged.newBuilder().setEventId(eventId)
                        .setOccurredAt(java.time.Instant.EPOCH).setRegistrationKey(key).setKind(d.kind())
                        .setChangedFields(d.changedFields()).setPrevious(previous).setRegistration(d.next())
                        .setFeedId(runId).setFeedLine(line.number()).build());
            }
        }
        return e;
    }

    static String runIdOf(byte[] feed) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(feed);
        return "run-" + java.util.HexFormat.of().formatHex(digest).substring(0, 16);
    }

    // ---- HTTP ----

    void awaitReady(String base, ChildProcess process) {
        // a child that exits at once (or halts) must fail the test with its log, not time out
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(process.isAlive()).as("the ingestor died:\n" + process.logTail(40)).isTrue();
            try {
                return http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    JsonNode run(String base, String runId) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/runs/" + runId))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    java.util.Optional<JsonNode> run(String base, String runId, ChildProcess process) {
        try {
            return java.util.Optional.of(run(base, runId));
        } catch (Exception | AssertionError e) {
            return java.util.Optional.empty();
        }
    }
}
