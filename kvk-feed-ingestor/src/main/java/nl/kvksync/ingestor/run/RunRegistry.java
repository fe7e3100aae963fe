package nl.kvksync.ingestor.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The runs as the HTTP API shows them: copies of their last committed (or current) state. Thread-safe. */
public final class RunRegistry {

    private final Map<String, RunState> runs = new ConcurrentHashMap<>();

    void update(RunState state) {
        runs.put(state.runId, state);
    }

    public Optional<RunState> get(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(RunState::copy);
    }

    Optional<RunState> byContentHash(String hash) {
        return runs.values().stream().filter(r -> hash.equals(r.contentHash)).findFirst().map(RunState::copy);
    }

    /** Newest first. */
    public List<RunState> all() {
        List<RunState> list = new ArrayList<>();
        for (RunState r : runs.values()) {
            list.add(r.copy());
        }
        list.sort(Comparator.comparing((RunState r) -> r.submittedAt == null ? "" : r.submittedAt).reversed()
                .thenComparing(r -> r.runId));
        return list;
    }
}
