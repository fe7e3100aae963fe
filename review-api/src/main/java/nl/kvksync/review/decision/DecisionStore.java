package nl.kvksync.review.decision;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import nl.kvksync.review.platform.BulkCompareAndSet;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code decisions} collection, {@code _id = decisionId}: outbox and audit. Inserting an id twice is a no-op
 * (duplicate key), state changes are compare-and-set on the state they leave, so redelivered outcomes change nothing.
 */
@Component
class DecisionStore {

    private static final int CHUNK = 500;
    private final MongoCollection<Document> decisions;
    /**
     * State changes are compare-and-set under this lock with {@code _id}-only filters, which the stand-in answers
     * from its {@code _id} index ({@code {_id, state}} would scan the collection); one review-api instance assumed.
     */
    private final Object stateLock = new Object();

    DecisionStore(ReactiveMongoTemplate mongo) {
        this.decisions = mongo.getCollection("decisions").block();
        Mono.from(decisions.createIndex(Indexes.ascending("environmentId", "decidedAt"))).block();
        Mono.from(decisions.createIndex(Indexes.ascending("state", "decidedAt"))).block();

    }

    /** false when the decision is already stored (a retried request). */
    boolean insert(DecisionRecord d) {
        try {
            Mono.from(decisions.insertOne(toDocument(d))).block();
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Inserts many in unordered bulk writes; ids already stored are left as they are. */
    void insertAll(Collection<DecisionRecord> records) {
        List<DecisionRecord> all = new ArrayList<>(records);
        for (int i = 0; i < all.size(); i += CHUNK) {
            List<WriteModel<Document>> writes = new ArrayList<>();
            for (DecisionRecord d : all.subList(i, Math.min(all.size(), i + CHUNK))) {
                writes.add(new InsertOneModel<>(toDocument(d)));
            }
            try {
                Mono.from(decisions.bulkWrite(writes, new BulkWriteOptions().ordered(false))).block();
            } catch (MongoBulkWriteException e) {
                boolean onlyDuplicates = e.getWriteErrors().stream()
                        .allMatch(w -> ErrorCategory.fromErrorCode(w.getCode()) == ErrorCategory.DUPLICATE_KEY);
                if (!onlyDuplicates) {
                    throw e;
                }
            }
        }
    }

    /** These decisions without their payloads and before-images (what an outcome needs), by id. */
    Map<String, DecisionRecord> findAll(Collection<String> decisionIds) {
        Map<String, DecisionRecord> found = new HashMap<>();
        List<String> all = new ArrayList<>(new LinkedHashSet<>(decisionIds));
        for (int i = 0; i < all.size(); i += CHUNK) {
            Flux.from(decisions.find(Filters.in("_id", all.subList(i, Math.min(all.size(), i + CHUNK))))
                    .projection(Projections.exclude("payload", "beforeImage"))).map(DecisionStore::toRecord)
                    .toIterable().forEach(d -> found.put(d.decisionId(), d));
        }
        return found;
    }

    Optional<DecisionRecord> find(String decisionId) {
        return Mono.from(decisions.find(Filters.eq("_id", decisionId)).first()).blockOptional()
                .map(DecisionStore::toRecord);
    }

    /** RECORDED -> PUBLISHED for these ids (an outcome that came first is not overwritten). */
    void markPublished(Collection<String> ids) {
        long now = System.currentTimeMillis();
        moveWhere(new ArrayList<>(ids), (id, state) -> DecisionState.RECORDED.name().equals(state)
                ? Updates.combine(Updates.set("state", DecisionState.PUBLISHED.name()), Updates.set("publishedAt", now))
                : null);
    }

    private Set<String> moveWhere(List<String> ids, BiFunction<String, String, Bson> update) {
        return BulkCompareAndSet.update(decisions, stateLock, "state", ids, update);
    }

    boolean markVoid(String decisionId) {
        return move(decisionId, List.of(DecisionState.RECORDED), DecisionState.VOID, null);
    }

    /** What crm-sync did when it applied a decision. */
    record Applied(String decisionId, String organisationId, List<DecisionRecord.Change> changes, byte[] beforeImage,
            List<String> changedFields) {
    }

    /**
     * RECORDED|PUBLISHED -> APPLIED with what crm-sync did, in bulk; returns the ids moved (one already applied, a
     * redelivery, is not). The first of several outcomes for one id wins.
     */
    Set<String> markAppliedAll(List<Applied> outcomes) {
        Map<String, Applied> byId = new LinkedHashMap<>();
        outcomes.forEach(a -> byId.putIfAbsent(a.decisionId(), a));
        long now = System.currentTimeMillis();
        return moveWhere(new ArrayList<>(byId.keySet()), (id, state) -> {
            if (!DecisionState.RECORDED.name().equals(state) && !DecisionState.PUBLISHED.name().equals(state)) {
                return null;
            }
            Applied a = byId.get(id);
            List<Bson> sets = new ArrayList<>(List.of(Updates.set("state", DecisionState.APPLIED.name()),
                    Updates.set("appliedAt", now), Updates.set("changes", changes(a.changes())),
                    Updates.set("changedFields", a.changedFields())));
            if (a.organisationId() != null) {
                sets.add(Updates.set("organisationId", a.organisationId()));
            }
            if (a.beforeImage() != null) {
                sets.add(Updates.set("beforeImage", new Binary(a.beforeImage())));
            }
            return Updates.combine(sets);
        });
    }

    boolean markFailed(String decisionId, String failure) {
        return move(decisionId, List.of(DecisionState.RECORDED, DecisionState.PUBLISHED), DecisionState.FAILED,
                Updates.set("failure", failure));
    }

    boolean markUndone(String decisionId) {
        return move(decisionId, List.of(DecisionState.APPLIED), DecisionState.UNDONE, null);
    }

    /** Links an undo to the decision it undoes, unless another live undo is linked already. */
    boolean linkUndo(String decisionId, String undoId, String previousUndoId) {
        synchronized (stateLock) {
            Document d = Mono.from(decisions.find(Filters.eq("_id", decisionId))
                    .projection(Projections.include("undoDecisionId")).first()).block();
            String linked = d == null ? null : d.getString("undoDecisionId");
            if (d == null || !(java.util.Objects.equals(linked, previousUndoId) || undoId.equals(linked))) {
                return false;
            }
            Mono.from(decisions.updateOne(Filters.eq("_id", decisionId), Updates.combine(
                    Updates.set("undoDecisionId", undoId),
                    Updates.inc("undoAttempts", previousUndoId == null || undoId.equals(linked) ? 0 : 1)))).block();
            return true;
        }
    }

    private boolean move(String decisionId, List<DecisionState> from, DecisionState to, Bson extra) {
        Bson update = Updates.set("state", to.name());
        if (extra != null) {
            update = Updates.combine(update, extra);
        }
        synchronized (stateLock) {
            Document d = Mono.from(decisions.find(Filters.eq("_id", decisionId)).projection(Projections.include("state"))
                    .first()).block();
            if (d == null || from.stream().noneMatch(s -> s.name().equals(d.getString("state")))) {
                return false;
            }
            var result = Mono.from(decisions.updateOne(Filters.eq("_id", decisionId), update)).block();
            return result != null && result.getMatchedCount() == 1;
        }
    }

    /** Decisions still RECORDED since before {@code before} (the relay's work). */
    List<DecisionRecord> recordedBefore(long before, int limit) {
        return Flux.from(decisions.find(Filters.and(Filters.eq("state", DecisionState.RECORDED.name()),
                Filters.lt("decidedAt", before))).limit(limit)).map(DecisionStore::toRecord).collectList().block();
    }

    /** An environment's decisions, newest first (without payloads), for the audit page and export. */
    void forEachOfEnvironment(String environmentId, Bson filter, Consumer<DecisionRecord> visitor) {
        Bson query = filter == null ? Filters.eq("environmentId", environmentId)
                : Filters.and(Filters.eq("environmentId", environmentId), filter);
        Flux.from(decisions.find(query).projection(Projections.exclude("payload", "beforeImage"))
                .sort(Sorts.orderBy(Sorts.descending("decidedAt"), Sorts.ascending("_id"))))
                .map(DecisionStore::toRecord).toIterable().forEach(visitor);
    }

    private static List<Document> changes(List<DecisionRecord.Change> changes) {
        return changes.stream().map(c -> new Document("field", c.field()).append("before", c.before())
                .append("after", c.after())).toList();
    }

    static Document toDocument(DecisionRecord d) {
        return new Document("_id", d.decisionId()).append("environmentId", d.environmentId())
                .append("proposalId", d.proposalId()).append("registrationKey", d.registrationKey())
                .append("organisationId", d.organisationId()).append("kind", d.kind())
                .append("decision", d.decision()).append("acceptedFields", d.acceptedFields())
                .append("decidedBy", d.decidedBy()).append("decidedAt", d.decidedAt()).append("reason", d.reason())
                .append("undoOf", d.undoOf()).append("state", d.state().name()).append("appliedAt", d.appliedAt())
                .append("failure", d.failure()).append("changes", changes(d.changes()))
                .append("tradeName", d.tradeName()).append("undoDecisionId", d.undoDecisionId())
                .append("undoAttempts", d.undoAttempts())
                .append("payload", d.payload() == null ? null : new Binary(d.payload()))
                .append("beforeImage", d.beforeImage() == null ? null : new Binary(d.beforeImage()))
                .append("changedFields", d.changedFields());
    }

    @SuppressWarnings("unchecked")
    static DecisionRecord toRecord(Document d) {
        List<DecisionRecord.Change> changes = new ArrayList<>();
        if (d.get("changes") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Document c) {
                    changes.add(new DecisionRecord.Change(c.getString("field"), c.getString("before"),
                            c.getString("after")));
                }
            }
        }
        Object applied = d.get("appliedAt");
        Object undoAttempts = d.get("undoAttempts");
        return new DecisionRecord(d.getString("_id"), d.getString("environmentId"), d.getString("proposalId"),
                d.getString("registrationKey"), d.getString("organisationId"), d.getString("kind"),
                d.getString("decision"), d.get("acceptedFields") instanceof List<?> l ? (List<String>) l : List.of(),
                d.getString("decidedBy"), ((Number) d.get("decidedAt")).longValue(), d.getString("reason"),
                d.getString("undoOf"), DecisionState.valueOf(d.getString("state")),
                applied instanceof Number n ? n.longValue() : null, d.getString("failure"), changes,
                d.getString("tradeName"), d.getString("undoDecisionId"),
                undoAttempts instanceof Number n ? n.intValue() : 0, bytes(d.get("payload")),
                bytes(d.get("beforeImage")),
                d.get("changedFields") instanceof List<?> f ? (List<String>) f : List.of());
    }

    private static byte[] bytes(Object o) {
        return o instanceof Binary b ? b.getData() : o instanceof byte[] a ? a : null;
    }
}
