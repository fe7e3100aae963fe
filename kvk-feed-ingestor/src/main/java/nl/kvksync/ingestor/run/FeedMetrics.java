package nl.kvksync.ingestor.run;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The feed metrics: {@code kvksync.feed.runs} (finished runs by status and source),
 * {@code kvksync.feed.records} (lines by result published|unchanged|rejected, kind and reason),
 * {@code kvksync.feed.events} (change events published, by kind) and {@code kvksync.feed.run.duration}.
 * Counted when a batch is committed, so they never count what a crash rolled back.
 */
public final class FeedMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public FeedMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Adds what changed between two committed states of a run. */
    void committed(RunState before, RunState after) {
        for (Map.Entry<String, Long> e : after.byKind.entrySet()) {
            long d = e.getValue() - before.byKind.getOrDefault(e.getKey(), 0L);
            add("kvksync.feed.records", d, "result", "published", "kind", e.getKey(), "reason", "none");
        }
        add("kvksync.feed.records", after.unchanged - before.unchanged, "result", "unchanged", "kind", "none",
                "reason", "none");
        for (Map.Entry<String, Long> e : after.byReason.entrySet()) {
            long d = e.getValue() - before.byReason.getOrDefault(e.getKey(), 0L);
            add("kvksync.feed.records", d, "result", "rejected", "kind", "none", "reason", e.getKey());
        }
        add("kvksync.feed.events", after.events - before.events);
    }

    void finished(RunState run, Duration took) {
        add("kvksync.feed.runs", 1, "status", run.status.name(), "source", run.source);
        Timer.builder("kvksync.feed.run.duration").tag("status", run.status.name()).tag("source", run.source)
                .register(registry).record(took);
    }

    private void add(String name, long amount, String... tags) {
        if (amount <= 0) {
            return;
        }
        String id = name + String.join(",", tags);
        counters.computeIfAbsent(id, k -> Counter.builder(name).tags(tags).register(registry)).increment(amount);
    }
}
