package nl.kvksync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./kvk ingest} against a small local stand-in for the ingestor's HTTP API (POST /runs, GET /runs/{id}): the
 * upload, the progress, the report, and the exit codes for a completed, a failed, a duplicate and an unreachable run.
 */
class IngestCommandTest {

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    @TempDir
    Path dir;

    HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<byte[]> uploads = new CopyOnWriteArrayList<>();
    final AtomicInteger polls = new AtomicInteger();
    volatile int uploadStatus = 202;
    volatile String finalStatus = "COMPLETED";

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut;
    PrintStream oldErr;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/runs", this::handle);
        server.start();
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setOut(oldOut);
        System.setErr(oldErr);
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String what = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst("X-Feed-Name") + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type");
            requests.add(what);
            String body;
            int status = 200;
            if (exchange.getRequestMethod().equals("POST")) {
                uploads.add(exchange.getRequestBody().readAllBytes());
                status = uploadStatus;
                body = status == 403
                        ? "{\"type\":\"https://kvksync.nl/problems/forbidden\",\"detail\":\"needs kvk-admin\"}"
                        : "{\"runId\":\"run-abc\",\"status\":\"" + (status == 200 ? "COMPLETED" : "QUEUED") + "\""
                                + (status == 200 ? ",\"duplicateOf\":\"run-abc\"" : "") + "}";
            } else {
                int n = polls.incrementAndGet();
                String s = n < 3 ? "RUNNING" : finalStatus;
                body = "{\"runId\":\"run-abc\",\"name\":\"week.jsonl\",\"status\":\"" + s + "\",\"read\":" + n * 10
                        + ",\"published\":" + n * 8 + ",\"unchanged\":" + n + ",\"rejected\":" + n
                        + ",\"byKind\":{\"NEW\":2,\"CHANGED\":" + (n * 8 - 3) + ",\"ENDED\":1}"
                        + ",\"byReason\":{\"INVALID_RSIN\":" + n + "},\"progress\":" + Math.min(1.0, n / 3.0)
                        + ",\"startedAt\":\"2026-11-27T14:00:00Z\",\"finishedAt\":\"2026-11-27T14:00:03Z\""
                        + (s.equals("FAILED") ? ",\"error\":\"Kafka unavailable\"" : "") + "}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(bytes);
            }
        }
    }

    int run(String... args) {
        return new CommandLine(new IngestCommand()).execute(args);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Path feed(String content) throws IOException {
        Path file = dir.resolve("week.jsonl");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void uploadsTheFileFollowsTheRunAndPrintsTheReport() throws IOException {
        Path file = feed("{\"mutatie\":{\"soort\":\"NIEUW\",\"datumIngang\":\"20261127\"},\"kvkNummer\":\"69599084\"}\n");
        int exit = run(file.toString(), "--url", url(), "--token", "t0k3n");

        assertThat(exit).isZero();
        assertThat(requests.get(0)).isEqualTo("POST /runs Bearer t0k3n week.jsonl application/x-ndjson");
        assertThat(uploads.get(0)).isEqualTo(Files.readAllBytes(file));
        assertThat(requests.subList(1, requests.size())).allMatch(r -> r.startsWith("GET /runs/run-abc Bearer t0k3n"));
        assertThat(polls.get()).isGreaterThanOrEqualTo(3);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("uploaded week.jsonl").contains("as run run-abc")
                .contains("] 100%").contains("run run-abc (week.jsonl): COMPLETED")
                .containsPattern("read\\s+30").containsPattern("published\\s+24")
                .contains("(NEW 2, CHANGED 21, ENDED 1)").contains("(INVALID_RSIN 3)");
    }

    @Test
    void aGzippedFileGoesAsGzipUnderItsNameOrTheGivenOne() throws IOException {
        Path file = dir.resolve("week.jsonl.gz");
        try (var gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            gz.write("{}\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(run(file.toString(), "--url", url(), "--token", "t", "--name", "week-48", "--quiet")).isZero();
        assertThat(requests.get(0)).isEqualTo("POST /runs Bearer t week-48 application/gzip");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("%  ");
    }

    @Test
    void aFailedRunExitsWithOneAndSaysWhy() throws IOException {
        finalStatus = "FAILED";
        assertThat(run(feed("{}\n").toString(), "--url", url(), "--token", "t")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(": FAILED").contains("error:     Kafka unavailable");
    }

    @Test
    void theSameContentAgainIsReportedAsNothingToDo() throws IOException {
        uploadStatus = 200;
        assertThat(run(feed("{}\n").toString(), "--url", url(), "--token", "t")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ingested before as run run-abc");
    }

    @Test
    void aRefusalShowsTheProblemDetailAndWhatToDo() throws IOException {
        uploadStatus = 403;
        assertThat(run(feed("{}\n").toString(), "--url", url(), "--token", "t")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("HTTP 403 needs kvk-admin")
                .contains("starting a run needs the role kvk-admin");
    }

    @Test
    void anUnreachableIngestorExitsWithThreeAndSaysToStartThePlatform() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        assertThat(run(feed("{}\n").toString(), "--url", "http://127.0.0.1:" + port, "--token", "t")).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nothing listens at").contains("./kvk up");
    }

    @Test
    void aMissingFileIsAUsageError() {
        assertThat(run(dir.resolve("nope.jsonl").toString(), "--url", url(), "--token", "t")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read");
        assertThat(requests).isEmpty();
    }
}
