package nl.kvksync.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.Callable;

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
 * <p>
 * The upload starts as early as the command can: it talks plain {@link HttpURLConnection} (the JDK's HttpClient
 * sets up TLS, ~0.25 s, even for http), its token comes from {@link CliToken}'s cache, and the JSON mapper for the
 * answers is built while the file goes up.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Uploads a weekly feed file (JSON Lines, optionally .gz) to the ingestor and follows the run.",
                "Example: ./kvk ingest .kvk/week.jsonl"})
final class IngestCommand implements Callable<Integer> {

    static final int COMPLETED = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    /** The longest an upload may take, and the longest the ingestor may take to answer it. */
    private static final Duration UPLOAD_LIMIT = Duration.ofMinutes(30);

    /** Built on first use (~0.4 s): {@link #call()} starts that beside the upload. */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder().build();
    }

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

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            System.err.println("kvk ingest: cannot read " + file);
            return USAGE;
        }
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        String bearer = "Bearer " + (token != null ? token : CliToken.ingest(KvkHome.jwtDir(), timeout));
        String feedName = name != null ? name : file.getFileName().toString();
        Thread mapper = new Thread(() -> Json.MAPPER.getClass(), "json-mapper");
        mapper.setDaemon(true);
        mapper.start();
        long started = System.nanoTime();
        try {
            Answer upload = upload(URI.create(base + "/runs"), bearer, feedName);
            if (upload.status() != 200 && upload.status() != 202) {
                System.err.println("kvk ingest: the ingestor refused the file: HTTP " + upload.status() + " "
                        + problem(upload.body()) + advice(upload.status()));
                return upload.status() >= 500 ? FAILED : USAGE;
            }
            JsonNode run = Json.MAPPER.readTree(upload.body());
            String runId = run.path("runId").asString();
            if (upload.status() == 200) {
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

    /** An HTTP answer: its status and its body as text. */
    private record Answer(int status, String body) {
    }

    /**
     * {@code POST /runs} with the file streamed as the body. Connect failures pass as they are; a connection that
     * breaks while the file goes up, or an upload still going after {@link #UPLOAD_LIMIT}, is an IOException saying
     * so.
     */
    private Answer upload(URI uri, String bearer, String feedName) throws IOException {
        HttpURLConnection c = open(uri, bearer, UPLOAD_LIMIT);
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", isGzip(file) ? "application/gzip" : "application/x-ndjson");
        c.setRequestProperty("X-Feed-Name", feedName);
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(Files.size(file));
        OutputStream body = c.getOutputStream(); // connects
        // HttpURLConnection has no write timeout: a server that stops reading would hold the command for ever
        Timer watchdog = new Timer("upload-watchdog", true);
        watchdog.schedule(new TimerTask() {
            @Override
            public void run() {
                c.disconnect();
            }
        }, UPLOAD_LIMIT.toMillis());
        try (body) {
            Files.copy(file, body);
        } catch (IOException e) {
            throw new IOException("the connection broke while the file was being sent (" + e.getMessage()
                    + "): the ingestor refused it part-way or stopped; its log (.kvk/logs/kvk-feed-ingestor.log) "
                    + "says which", e);
        } finally {
            watchdog.cancel();
        }
        return answer(c);
    }

    private JsonNode get(String url, String bearer) throws IOException {
        HttpURLConnection c = open(URI.create(url), bearer, Duration.ofSeconds(30));
        Answer response = answer(c);
        if (response.status() != 200) {
            throw new IOException("GET " + url + " answered HTTP " + response.status() + " "
                    + problem(response.body()));
        }
        return Json.MAPPER.readTree(response.body());
    }

    private static HttpURLConnection open(URI uri, String bearer, Duration readTimeout) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout((int) readTimeout.toMillis());
        c.setRequestProperty("Authorization", bearer);
        c.setRequestProperty("Accept", "application/json");
        return c;
    }

    private static Answer answer(HttpURLConnection c) throws IOException {
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
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
            JsonNode problem = Json.MAPPER.readTree(body);
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
