package nl.kvksync.ingestor.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A feed run as the report shows it and as its checkpoint records it on {@code kvk-feed-ingestor.runs.v1} (JSON,
 * key runId). {@code line} is the last line whose outcome is committed; every count is committed with it, so
 * {@code read = published + unchanged + rejected} holds at every checkpoint. Mutable, owned by the run thread;
 * others get {@link #copy()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class RunState {

    public enum Status {
        QUEUED, RUNNING, COMPLETED, FAILED
    }

    public String runId;
    public String name;
    public String source;
    public String contentHash;
    public Status status;
    public long line;
    public long read;
    public long published;
    public long unchanged;
    public long rejected;
    /** Change events published per MutationKind (a line ending every establishment of a kvkNummer counts once). */
    public Map<String, Long> byKind = new TreeMap<>();
    /** Rejected lines per RejectionReason. */
    public Map<String, Long> byReason = new TreeMap<>();
    public long events;
    public long sizeBytes;
    public double progress;
    public String submittedAt;
    public String startedAt;
    public String finishedAt;
    public String error;
    /** The spooled file, relative to the spool directory. */
    public String file;
    /** Set when a run with the same content had already been ingested. */
    public String duplicateOf;
    /** Every line was read and its outcome committed (only the final report is missing). */
    public boolean readComplete;
    /** The compressed stream broke; the line after the last readable one was rejected and reading stopped. */
    public boolean streamBroken;

    public RunState copy() {
        RunState c = new RunState();
        c.runId = runId;
        c.name = name;
        c.source = source;
        c.contentHash = contentHash;
        c.status = status;
        c.line = line;
        c.read = read;
        c.published = published;
        c.unchanged = unchanged;
        c.rejected = rejected;
        c.byKind = new TreeMap<>(byKind);
        c.byReason = new TreeMap<>(byReason);
        c.events = events;
        c.sizeBytes = sizeBytes;
        c.progress = progress;
        c.submittedAt = submittedAt;
        c.startedAt = startedAt;
        c.finishedAt = finishedAt;
        c.error = error;
        c.file = file;
        c.duplicateOf = duplicateOf;
        c.readComplete = readComplete;
        c.streamBroken = streamBroken;
        return c;
    }

    boolean finishedReading() {
        return readComplete || streamBroken;
    }

    public boolean finished() {
        return status == Status.COMPLETED || status == Status.FAILED;
    }

    static void increment(Map<String, Long> map, String key) {
        map.merge(key, 1L, Long::sum);
    }

    /** The byKind map with every kind present (0 when none). */
    Map<String, Long> byKindComplete() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String k : new String[] {"NEW", "CHANGED", "ENDED"}) {
            m.put(k, byKind.getOrDefault(k, 0L));
        }
        return m;
    }
}
