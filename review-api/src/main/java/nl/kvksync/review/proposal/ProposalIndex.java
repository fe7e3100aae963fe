package nl.kvksync.review.proposal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

import nl.kvksync.contracts.matcher.ProposalKind;

/**
 * A lean in-memory index of the open proposals (PENDING, ACCEPTED, FAILED) per environment, in queue order
 * (raisedAt, proposalId). The list, its counts, bulk selection and the one-open-proposal-per-slot rule read it;
 * every write to a proposal's status updates it; it is rebuilt from MongoDB at start-up before any listener runs
 * ({@link ProposalIndexLoader}). MongoDB stays the truth: the index holds summaries only.
 *
 * <p>Why: the MongoDB stand-in ignores non-unique indexes, so a filtered, counted page over 25,000 pending
 * proposals would scan the collection on every request. Assumes one review-api instance owns an environment's queue.
 */
public class ProposalIndex {

    private record Key(long raisedAt, String proposalId) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparingLong(Key::raisedAt)
                .thenComparing(Key::proposalId);

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }
    }

    /** A page of the list with the total that matched and the pending counts per kind (the tabs). */
    public record Page(List<ProposalSummary> items, long total, Map<ProposalKind, Long> counts) {

        /** Counts to fill in: 0 for each of the three tabs. */
        public static Map<ProposalKind, Long> zeroCounts() {
            Map<ProposalKind, Long> counts = new EnumMap<>(ProposalKind.class);
            counts.put(ProposalKind.UPDATE, 0L);
            counts.put(ProposalKind.ENDED, 0L);
            counts.put(ProposalKind.NEW, 0L);
            return counts;
        }
    }

    private final Map<String, ProposalSummary> byId = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<Key, ProposalSummary>> byEnvironment = new ConcurrentHashMap<>();
    /** slot -> the PENDING or FAILED proposal occupying it. */
    private final Map<String, String> bySlot = new ConcurrentHashMap<>();
    /**
     * environment|status|kind -> its proposals in queue order: a list filtered by status and kind alone (a tab
     * opened, paged) reads its page and counts from here without scanning the environment (which is memory-bound:
     * tens of thousands of scattered objects per request).
     */
    private final Map<String, ConcurrentSkipListMap<Key, ProposalSummary>> byStatusKind = new ConcurrentHashMap<>();

    private static String bucket(String environmentId, ProposalStatus status, ProposalKind kind) {
        return environmentId + "|" + status.name() + "|" + kind.name();
    }

    /** Adds or replaces an open proposal; a summary whose status is not open removes it. */
    public synchronized void put(ProposalSummary summary) {
        if (!summary.status().open()) {
            remove(summary.proposalId());
            return;
        }
        ProposalSummary old = byId.put(summary.proposalId(), summary);
        var env = byEnvironment.computeIfAbsent(summary.environmentId(), e -> new ConcurrentSkipListMap<>());
        if (old != null) {
            env.remove(new Key(old.raisedAt(), old.proposalId()));
            bySlot.remove(old.slot(), old.proposalId());
            var oldBucket = byStatusKind.get(bucket(old.environmentId(), old.status(), old.kind()));
            if (oldBucket != null) {
                oldBucket.remove(new Key(old.raisedAt(), old.proposalId()));
            }
        }
        env.put(new Key(summary.raisedAt(), summary.proposalId()), summary);
        byStatusKind.computeIfAbsent(bucket(summary.environmentId(), summary.status(), summary.kind()),
                b -> new ConcurrentSkipListMap<>()).put(new Key(summary.raisedAt(), summary.proposalId()), summary);
        if (ProposalStatus.DECIDABLE.contains(summary.status())) {
            bySlot.put(summary.slot(), summary.proposalId());
        }
    }

    public synchronized void remove(String proposalId) {
        ProposalSummary old = byId.remove(proposalId);
        if (old != null) {
            var env = byEnvironment.get(old.environmentId());
            if (env != null) {
                env.remove(new Key(old.raisedAt(), old.proposalId()));
            }
            bySlot.remove(old.slot(), old.proposalId());
            var oldBucket = byStatusKind.get(bucket(old.environmentId(), old.status(), old.kind()));
            if (oldBucket != null) {
                oldBucket.remove(new Key(old.raisedAt(), old.proposalId()));
            }
        }
    }

    public Optional<ProposalSummary> get(String proposalId) {
        return Optional.ofNullable(byId.get(proposalId));
    }

    /** The PENDING or FAILED proposal occupying a slot. */
    public Optional<ProposalSummary> inSlot(String slot) {
        String id = bySlot.get(slot);
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /** One page (0-based) of the proposals matching {@code filter}, and the counts per kind with every other filter. */
    public Page page(String environmentId, ProposalFilter filter, int page, int size, long now) {
        var env = byEnvironment.get(environmentId);
        Map<ProposalKind, Long> counts = Page.zeroCounts();
        List<ProposalSummary> items = new ArrayList<>(Math.min(size, 64));
        if (env == null) {
            return new Page(items, 0, counts);
        }
        if (filter.byStatusAndKindOnly() && filter.status() != null && filter.kind() != null) {
            return pageOfBuckets(environmentId, filter, page, size, counts);
        }
        ProposalFilter anyKind = filter.withKind(null);
        long skip = (long) page * size;
        long total = 0;
        for (ProposalSummary s : env.values()) {
            if (!anyKind.matches(s, now)) {
                continue;
            }
            counts.merge(s.kind(), 1L, Long::sum);
            if (filter.kind() != null && s.kind() != filter.kind()) {
                continue;
            }
            if (total >= skip && items.size() < size) {
                items.add(s);
            }
            total++;
        }
        return new Page(items, total, counts);
    }

    private Page pageOfBuckets(String environmentId, ProposalFilter filter, int page, int size,
            Map<ProposalKind, Long> counts) {
        List<ConcurrentSkipListMap<Key, ProposalSummary>> chosen = new ArrayList<>();
        for (ProposalKind kind : List.of(ProposalKind.UPDATE, ProposalKind.ENDED, ProposalKind.NEW)) {
            var b = byStatusKind.get(bucket(environmentId, filter.status(), kind));
            counts.put(kind, b == null ? 0L : (long) b.size());
            if (b != null && (filter.kind() == null || filter.kind() == kind)) {
                chosen.add(b);
            }
        }
        long total = chosen.stream().mapToLong(ConcurrentSkipListMap::size).sum();
        List<ProposalSummary> items = new ArrayList<>(Math.min(size, 64));
        long skip = (long) page * size;
        var merged = chosen.isEmpty() ? java.util.Collections.<ProposalSummary>emptyIterator()
                : chosen.get(0).values().iterator();
        long seen = 0;
        while (merged.hasNext() && items.size() < size) {
            ProposalSummary s = merged.next();
            if (seen++ >= skip) {
                items.add(s);
            }
        }
        return new Page(items, total, counts);
    }

    /** Every open proposal of an environment matching {@code filter}, in queue order. */
    public List<ProposalSummary> select(String environmentId, ProposalFilter filter, long now) {
        var env = byEnvironment.get(environmentId);
        if (env == null) {
            return List.of();
        }
        return env.values().stream().filter(s -> filter.matches(s, now)).toList();
    }

    /** Visits every open proposal of every environment (metrics). */
    public void forEach(Consumer<ProposalSummary> visitor) {
        byId.values().forEach(visitor);
    }

    public int size() {
        return byId.size();
    }
}
