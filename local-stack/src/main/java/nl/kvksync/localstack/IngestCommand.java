package nl.kvksync.localstack;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import nl.kvksync.contracts.AccessClaims;
import nl.kvksync.testsupport.security.JwtIssuer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./kvk ingest FILE}: streams a feed file to the running ingestor ({@code POST /runs}), follows the run with a
 * progress bar ({@code GET /runs/{id}}) and prints its report. Exit code 0 when the run completed (also when the
 * same content had been ingested before), 1 when it failed, 3 when the ingestor cannot be reached, 2 for bad use.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Uploads a weekly feed file (JSON Lines, optionally .gz) to the ingestor and follows the run.",
                "Example: ./kvk ingest .kvk/week.jsonl"})
final class IngestCommand implements Callable<Integer> {

    static final int COMPLETED = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Parameters(index = "0", paramLabel = "FILE", description = "The feed file.")
    Path file;

    @Option(names = "--url", defaultValue = "${env:INGESTOR_URL:-http://127.0.0.1:8081}",
            description = "The ingestor (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", description = "Bearer token (default: one for role kvk-admin signed with .kvk/jwt/).")
    String token;

    @Option(names = "--name", description = "The feed's name (default: the file name).")
    String name;

    @Option(names = "--timeout", defaultValue = "PT2H", description = "Give up following after (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--quiet", description = "No progress bar, only the report.")
    boolean quiet;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            System.err.println("kvk ingest: cannot read " + file);
            return USAGE;
        }
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        String bearer = "Bearer " + (token != null ? token
                : JwtIssuer.loadOrCreate(KvkHome.jwtDir()).token("kvk-ingest", List.of(AccessClaims.KVK_ADMIN),
                        List.of(AccessClaims.ALL_ENVIRONMENTS), Duration.ofHours(12)));
        String feedName = name != null ? name : file.getFileName().toString();
        long started = System.nanoTime();
        try {
            HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(base + "/runs"))
                    .timeout(Duration.ofMinutes(30))
                    .header("Authorization", bearer)
                    .header("Content-Type", isGzip(file) ? "application/gzip" : "application/x-ndjson")
                    .header("Accept", "application/json")
                    .header("X-Feed-Name", feedName)
                    .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
            if (upload.statusCode() != 200 && upload.statusCode() != 202) {
                System.err.println("kvk ingest: the ingestor refused the file: HTTP " + upload.statusCode() + " "
                        + problem(upload.body()) + advice(upload.statusCode()));
                return upload.statusCode() >= 500 ? FAILED : USAGE;
            }
            JsonNode run = JSON.readTree(upload.body());
            String runId = run.path("runId").asString();
            if (upload.statusCode() == 200) {
                System.out.println("this content was ingested before as run " + runId + " — nothing to do.");
            } else {
                System.out.println("uploaded " + feedName + " (" + Files.size(file) + " bytes) as run " + runId);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            ProgressBar bar = new ProgressBar(quiet);
            while (!finished(run)) {
                if (System.nanoTime() > deadline) {
                    bar.done();
                    System.err.println("kvk ingest: run " + runId + " still " + run.path("status").asString()
                            + " after " + timeout + "; follow it with GET " + base + "/runs/" + runId);
                    return FAILED;
                }
                bar.show(run);
                pause(250);
                run = get(base + "/runs/" + runId, bearer);
            }
            bar.show(run);
            bar.done();
            System.out.print(report(run, (System.nanoTime() - started) / 1e9));
            return "COMPLETED".equals(run.path("status").asString()) ? COMPLETED : FAILED;
        } catch (ConnectException e) {
            System.err.println("kvk ingest: nothing listens at " + base + ". Start the platform with ./kvk up "
                    + "(or point --url at the ingestor).");
            return UNREACHABLE;
        } catch (IOException e) {
            System.err.println("kvk ingest: talking to " + base + " failed: " + e.getMessage()
                    + ". Is the ingestor running (./kvk up)?");
            return UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    private JsonNode get(String url, String bearer) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", bearer).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered HTTP " + response.statusCode() + " "
                    + problem(response.body()));
        }
        return JSON.readTree(response.body());
    }

    static boolean finished(JsonNode run) {
        String status = run.path("status").asString("");
        return status.equals("COMPLETED") || status.equals("FAILED");
    }

    /** The final report, as printed. */
    static String report(JsonNode run, double seconds) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("run %s (%s): %s%n", run.path("runId").asString(), run.path("name").asString(""),
                run.path("status").asString()));
        if (run.hasNonNull("error")) {
            out.append("  error:     ").append(run.get("error").asString()).append('\n');
        }
        out.append(String.format("  read      %,12d%n", run.path("read").asLong()));
        out.append(String.format("  published %,12d   %s%n", run.path("published").asLong(), counts(run.path("byKind"))));
        out.append(String.format("  unchanged %,12d%n", run.path("unchanged").asLong()));
        out.append(String.format("  rejected  %,12d   %s%n", run.path("rejected").asLong(), counts(run.path("byReason"))));
        out.append(String.format("  started %s, finished %s, followed for %.1f s%n", run.path("startedAt").asString(""),
                run.path("finishedAt").asString(""), seconds));
        if (run.path("rejected").asLong() > 0) {
            out.append("  rejected records, with line, field and reason: topic kvk.feed-rejected.v1\n");
        }
        return out.toString();
    }

    private static String counts(JsonNode map) {
        if (map == null || !map.isObject() || map.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            if (!s.isEmpty()) {
                s.append(", ");
            }
            s.append(e.getKey()).append(' ').append(String.format("%,d", e.getValue().asLong()));
        }
        return "(" + s + ")";
    }

    private static String problem(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem.hasNonNull("detail")) {
                return problem.get("detail").asString();
            }
        } catch (RuntimeException e) {
            // not JSON
        }
        return body == null ? "" : body;
    }

    private static String advice(int status) {
        return switch (status) {
            case 401 -> " — the token was not accepted: is .kvk/jwt/ the key the ingestor trusts (KVK_JWT_PUBLIC_KEY)?";
            case 403 -> " — starting a run needs the role kvk-admin.";
            default -> "";
        };
    }

    private static boolean isGzip(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    /** One line redrawn in place: a bar, the percentage and the counts so far. */
    static final class ProgressBar {
        private final boolean quiet;
        private boolean drawn;

        ProgressBar(boolean quiet) {
            this.quiet = quiet;
        }

        void show(JsonNode run) {
            if (quiet) {
                return;
            }
            System.out.print("\r" + line(run));
            System.out.flush();
            drawn = true;
        }

        void done() {
            if (drawn) {
                System.out.println();
            }
        }

        static String line(JsonNode run) {
            double progress = Math.max(0, Math.min(1, run.path("progress").asDouble(0)));
            if ("COMPLETED".equals(run.path("status").asString())) {
                progress = 1;
            }
            int width = 30;
            int filled = (int) Math.round(progress * width);
            return String.format("[%s%s] %3d%%  %-9s read %,d  published %,d  unchanged %,d  rejected %,d   ",
                    "#".repeat(filled), ".".repeat(width - filled), Math.round(progress * 100),
                    run.path("status").asString(""), run.path("read").asLong(), run.path("published").asLong(),
                    run.path("unchanged").asLong(), run.path("rejected").asLong());
        }
    }
}
