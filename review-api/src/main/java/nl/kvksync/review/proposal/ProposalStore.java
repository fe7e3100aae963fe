package nl.kvksync.review.proposal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.review.platform.BulkCompareAndSet;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code proposals} collection: one document per proposal id (deterministic, so a redelivered event is a
 * duplicate-key no-op), flat summary fields, the ProposalRaised payload as Avro binary and the history. Status
 * changes are compare-and-set (read the status, write only if it is still the one seen): exactly one writer wins.
 */
@Component
public class ProposalStore {

    static final String COLLECTION = "proposals";
    private static final int CHUNK = 500;

    private final MongoCollection<Document> proposals;
    /**
     * Status changes are compare-and-set under this lock, reading and writing by {@code _id} only: the stand-in uses
     * its {@code _id} index for nothing else (a filter {@code {_id, status}} scans the whole collection), so the
     * condition is checked here. Every status writer of this instance goes through this class; like the in-memory
     * index, this assumes one review-api instance per set of environments.
     */
    private final Object statusLock = new Object();

    ProposalStore(ReactiveMongoTemplate mongo) {
        this.proposals = mongo.getCollection(COLLECTION).block();
        // Used by a real MongoDB for the history lists; the stand-in ignores non-unique indexes.
        Mono.from(proposals.createIndex(Indexes.ascending("environmentId", "status", "raisedAt"))).block();
        Mono.from(proposals.createIndex(Indexes.ascending("environmentId", "status", "kind"))).block();
    }

    /** A proposal to insert: its summary, stored payload, the open proposal it lost to, and its history. */
    public record NewProposal(ProposalSummary summary, byte[] payload, String supersededBy, List<Document> history) {

        /** Taken in with the status of its summary, by {@code by} (note: the feed). */
        public static NewProposal of(ProposalSummary summary, byte[] payload, String supersededBy, String by,
                String note) {
            return new NewProposal(summary, payload, supersededBy,
                    new ArrayList<>(List.of(ProposalStore.history(summary.status(), by, note))));
        }

        /** The same proposal, superseded by a newer one before it was stored. */
        public NewProposal supersededBy(String newerId) {
            List<Document> entries = new ArrayList<>(history);
            entries.add(ProposalStore.history(ProposalStatus.SUPERSEDED, "system", newerId));
            return new NewProposal(summary.with(ProposalStatus.SUPERSEDED, null, null), payload, newerId, entries);
        }
    }

    /**
     * Inserts proposals in one unordered bulk write; returns the ids already stored (duplicate deliveries), which
     * are left as they were. Any other write error is thrown after the rest were written.
     */
    public Set<String> insertAll(List<NewProposal> batch) {
        if (batch.isEmpty()) {
            return Set.of();
        }
        List<Document> docs = new ArrayList<>(batch.size());
        for (NewProposal p : batch) {
            docs.add(toDocument(p.summary()).append("payload", new Binary(p.payload())).append("attempts", 0)
                    .append("supersededBy", p.supersededBy()).append("history", p.history()));
        }
        try {
            Mono.from(proposals.insertMany(docs, new InsertManyOptions().ordered(false))).block();
            return Set.of();
        } catch (MongoBulkWriteException e) {
            Set<String> duplicates = new HashSet<>();
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                duplicates.add(batch.get(error.getIndex()).summary().proposalId());
            }
            return duplicates;
        }
    }

    public boolean exists(String proposalId) {
        return Mono.from(proposals.find(Filters.eq("_id", proposalId)).projection(Projections.include("_id"))
                .first()).blockOptional().isPresent();
    }

    public Optional<StoredProposal> find(String proposalId) {
        return Mono.from(proposals.find(Filters.eq("_id", proposalId)).first()).blockOptional()
                .map(ProposalStore::toStored);
    }

    /** The stored proposals with these ids (chunked {@code $in}); missing ids are absent from the map. */
    public Map<String, StoredProposal> findAll(Collection<String> ids) {
        Map<String, StoredProposal> found = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += CHUNK) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + CHUNK));
            Flux.from(proposals.find(Filters.in("_id", chunk))).map(ProposalStore::toStored).toIterable()
                    .forEach(p -> found.put(p.summary().proposalId(), p));
        }
        return found;
    }

    /**
     * Moves a proposal from one of {@code from} to {@code to}, setting {@code extra} too and adding a history
     * entry; false when its status was not in {@code from} (someone else won, or it is gone).
     */
    public boolean transition(String proposalId, Set<ProposalStatus> from, ProposalStatus to, Bson extra, String by,
            String note) {
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.set("status", to.name()));
        updates.add(Updates.push("history", history(to, by, note)));
        if (extra != null) {
            updates.add(extra);
        }
        synchronized (statusLock) {
            String status = statusOf(proposalId);
            if (status == null || !from.contains(ProposalStatus.valueOf(status))) {
                return false;
            }
            var result = Mono.from(proposals.updateOne(Filters.eq("_id", proposalId), Updates.combine(updates)))
                    .block();
            return result != null && result.getMatchedCount() == 1;
        }
    }

    /** One proposal's transition in {@link #transitionAll}: who made it, and the note of its history entry. */
    public record Transition(String proposalId, String by, String note) {
    }

    /**
     * Moves many proposals to {@code to} in bulk writes, each only from a status in {@code from}, with a history
     * entry each; returns the ids moved.
     */
    public Set<String> transitionAll(List<Transition> transitions, Set<ProposalStatus> from, ProposalStatus to) {
        Map<String, Transition> byId = new LinkedHashMap<>();
        transitions.forEach(t -> byId.putIfAbsent(t.proposalId(), t));
        return updateWhere(new ArrayList<>(byId.keySet()), (id, status) -> {
            if (status == null || !from.contains(ProposalStatus.valueOf(status))) {
                return null;
            }
            Transition t = byId.get(id);
            return Updates.combine(Updates.set("status", to.name()), Updates.push("history", history(to, t.by(),
                    t.note())));
        });
    }

    private Set<String> updateWhere(List<String> ids, BiFunction<String, String, Bson> update) {
        return BulkCompareAndSet.update(proposals, statusLock, "status", ids, update);
    }

    /**
     * Claims many proposals for their decisions in bulk writes: from the status each was seen in ({@code seen},
     * PENDING or FAILED) to ACCEPTED or REJECTED with the decision id, conditional on that status. Returns the ids
     * whose claim holds (matched here, or already claimed by this same decision).
     */
    public Set<String> claimAll(Map<String, String> decisionByProposal, Map<String, ProposalStatus> seen,
            ProposalStatus to, String by) {
        return updateWhere(new ArrayList<>(decisionByProposal.keySet()), (id, status) -> {
            if (!seen.get(id).name().equals(status)) {
                return null; // changed since it was seen: this decision lost the race
            }
            String decisionId = decisionByProposal.get(id);
            return Updates.combine(Updates.set("status", to.name()), Updates.set("decisionId", decisionId),
                    Updates.push("history", history(to, by, decisionId)));
        });
    }

    /** The status of one proposal, read by {@code _id} only. */
    private String statusOf(String proposalId) {
        Document d = Mono.from(proposals.find(Filters.eq("_id", proposalId)).projection(Projections.include("status"))
                .first()).block();
        return d == null ? null : d.getString("status");
    }

    public void updateDiff(String proposalId, List<String> fields, List<String> conflictFields) {
        Mono.from(proposals.updateOne(Filters.eq("_id", proposalId),
                Updates.combine(Updates.set("fields", fields), Updates.set("conflictFields", conflictFields))))
                .block();
    }

    public void incrementAttempts(String proposalId) {
        Mono.from(proposals.updateOne(Filters.eq("_id", proposalId), Updates.inc("attempts", 1))).block();
    }

    /** Every open proposal (start-up rebuild of the index), summaries only. */
    public void forEachOpen(Consumer<ProposalSummary> visitor) {
        Flux.from(proposals.find(Filters.in("status", names(ProposalStatus.OPEN)))
                .projection(Projections.exclude("payload", "history")))
                .map(ProposalStore::toSummary).toIterable().forEach(visitor);
    }

    /** A page of an environment's proposals in a status the index does not hold (history lists). */
    public List<ProposalSummary> list(String environmentId, ProposalStatus status, ProposalKind kind) {
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq("environmentId", environmentId),
                Filters.eq("status", status.name())));
        if (kind != null) {
            filters.add(Filters.eq("kind", kind.name()));
        }
        return Flux.from(proposals.find(Filters.and(filters)).projection(Projections.exclude("payload", "history"))
                .sort(Sorts.descending("raisedAt"))).map(ProposalStore::toSummary).collectList().block();
    }

    /**
     * One page of an environment's proposals in a status the index does not hold, newest first, with the counts per
     * kind in that status: the database pages and counts, so a history list reads a page, not the whole history.
     */
    public ProposalIndex.Page closedPage(String environmentId, ProposalStatus status, ProposalKind kind, int page,
            int size) {
        Map<ProposalKind, Long> counts = ProposalIndex.Page.zeroCounts();
        Document inStatus = new Document("environmentId", environmentId).append("status", status.name());
        Flux.from(proposals.aggregate(List.of(new Document("$match", inStatus),
                        new Document("$group", new Document("_id", "$kind").append("n", new Document("$sum", 1))))))
                .toIterable().forEach(d -> {
                    ProposalKind k = ProposalKind.valueOf(d.getString("_id"));
                    if (counts.containsKey(k)) {
                        counts.put(k, number(d.get("n")));
                    }
                });
        long total = kind == null ? counts.values().stream().mapToLong(Long::longValue).sum()
                : counts.getOrDefault(kind, 0L);
        Document query = kind == null ? inStatus : new Document(inStatus).append("kind", kind.name());
        List<ProposalSummary> items = Flux.from(proposals.find(query)
                        .projection(Projections.exclude("payload", "history"))
                        .sort(Sorts.orderBy(Sorts.descending("raisedAt"), Sorts.ascending("_id")))
                        .skip((int) Math.min(Integer.MAX_VALUE, (long) page * size)).limit(size))
                .map(ProposalStore::toSummary).collectList().block();
        return new ProposalIndex.Page(items, total, counts);
    }

    /** Proposals of an environment raised by these feed runs: feedId -> kind -> count (the weekly summary). */
    public Map<String, Map<String, Long>> countByFeed(String environmentId, Collection<String> feedIds) {
        Map<String, Map<String, Long>> counts = new HashMap<>();
        Flux.from(proposals.aggregate(List.of(
                        new Document("$match", new Document("environmentId", environmentId)
                                .append("feedId", new Document("$in", new ArrayList<>(feedIds)))),
                        new Document("$group", new Document("_id", new Document("feedId", "$feedId")
                                .append("kind", "$kind")).append("n", new Document("$sum", 1))))))
                .toIterable().forEach(d -> {
                    Document id = d.get("_id", Document.class);
                    counts.computeIfAbsent(id.getString("feedId"), f -> new java.util.TreeMap<>())
                            .put(id.getString("kind"), number(d.get("n")));
                });
        return counts;
    }

    private static List<String> names(Set<ProposalStatus> statuses) {
        return statuses.stream().map(Enum::name).toList();
    }

    private static Document history(ProposalStatus status, String by, String note) {
        return new Document("at", System.currentTimeMillis()).append("status", status.name()).append("by", by)
                .append("note", note);
    }

    static Document toDocument(ProposalSummary s) {
        return new Document("_id", s.proposalId()).append("environmentId", s.environmentId())
                .append("registrationKey", s.registrationKey()).append("kind", s.kind().name())
                .append("organisationId", s.organisationId()).append("status", s.status().name())
                .append("slot", s.slot()).append("raisedAt", s.raisedAt()).append("tradeName", s.tradeName())
                .append("kvkNummer", s.kvkNummer()).append("city", s.city()).append("postcode4", s.postcode4())
                .append("sbiCode", s.sbiCode()).append("sbiSection", s.sbiSection()).append("fields", s.fields())
                .append("conflictFields", s.conflictFields()).append("decisionId", s.decisionId())
                .append("failure", s.failure()).append("feedId", s.feedId()).append("importId", s.importId());
    }

    static ProposalSummary toSummary(Document d) {
        return new ProposalSummary(d.getString("_id"), d.getString("environmentId"), d.getString("registrationKey"),
                ProposalKind.valueOf(d.getString("kind")), d.getString("organisationId"),
                ProposalStatus.valueOf(d.getString("status")), number(d.get("raisedAt")), d.getString("tradeName"),
                d.getString("kvkNummer"), d.getString("city"), (int) number(d.get("postcode4")),
                d.getString("sbiCode"), d.getString("sbiSection"), strings(d.get("fields")),
                strings(d.get("conflictFields")), d.getString("decisionId"), d.getString("failure"),
                d.getString("feedId"), d.getString("importId"));
    }

    private static StoredProposal toStored(Document d) {
        Object payload = d.get("payload");
        byte[] bytes = payload instanceof Binary b ? b.getData() : (byte[]) payload;
        List<StoredProposal.HistoryEntry> history = new ArrayList<>();
        Object raw = d.get("history");
        if (raw instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Document h) {
                    history.add(new StoredProposal.HistoryEntry(number(h.get("at")), h.getString("status"),
                            h.getString("by"), h.getString("note")));
                }
            }
        }
        return new StoredProposal(toSummary(d), bytes, (int) number(d.get("attempts")), d.getString("supersededBy"),
                history);
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0L;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return o instanceof List<?> l ? List.copyOf((List<String>) l) : List.of();
    }
}
