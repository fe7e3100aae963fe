package nl.kvksync.localstack;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;

/** Uploads a feed file to the ingestor and follows the run until it ends. */
public final class Feeds {

    private Feeds() {
    }

    /** POST /runs, then GET /runs/{id} until COMPLETED or FAILED; returns the final run report. */
    public static JsonNode ingest(Api api, String ingestorUrl, String name, HttpRequest.BodyPublisher content,
            Duration timeout, Consumer<JsonNode> onProgress) {
        String contentType = name.endsWith(".gz") ? "application/gzip" : "application/x-ndjson";
        JsonNode started = api.upload(ingestorUrl + "/runs", content, contentType, "X-Feed-Name", name);
        String runId = started.get("runId").asString();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode run = api.get(ingestorUrl + "/runs/" + runId);
            onProgress.accept(run);
            String status = run.path("status").asString();
            if ("COMPLETED".equals(status) || "FAILED".equals(status)) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("feed run " + runId + " (" + name + ") still " + status + " after "
                        + timeout.toSeconds() + " s");
            }
            pause(250);
        }
    }

    /** Sleeps; an interrupt ends the wait with an exception (and keeps the interrupt flag). */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
