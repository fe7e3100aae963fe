package nl.kvksync.ingestor.mutatieservice;

/**
 * Where the Mutatieservice source stands: signals up to {@code completedUntil} are in a run; the window
 * [{@code windowFrom}, {@code windowTo}) is being fetched, its pages before {@code nextPage} are in the window file,
 * which is {@code partBytes} long and holds {@code lines} lines; {@code complete} once every page is in.
 */
public record Checkpoint(String subscriptionId, String completedUntil, String windowFrom, String windowTo, int nextPage,
        long partBytes, long lines, boolean complete, String lastRunId, String updatedAt) {

    static Checkpoint empty() {
        return new Checkpoint(null, null, null, null, 1, 0, 0, false, null, null);
    }

    boolean inWindow() {
        return windowFrom != null;
    }

    Checkpoint startWindow(String subscription, String from, String to, String now) {
        return new Checkpoint(subscription, completedUntil, from, to, 1, 0, 0, false, lastRunId, now);
    }

    Checkpoint pageDone(int next, long bytes, long totalLines, String now) {
        return new Checkpoint(subscriptionId, completedUntil, windowFrom, windowTo, next, bytes, totalLines, false,
                lastRunId, now);
    }

    Checkpoint allPagesIn(String now) {
        return new Checkpoint(subscriptionId, completedUntil, windowFrom, windowTo, nextPage, partBytes, lines, true,
                lastRunId, now);
    }

    Checkpoint windowDone(String runId, String now) {
        return new Checkpoint(subscriptionId, windowTo, null, null, 1, 0, 0, false, runId, now);
    }
}
