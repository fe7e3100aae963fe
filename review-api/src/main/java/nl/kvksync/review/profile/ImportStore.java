package nl.kvksync.review.profile;

import java.util.List;
import java.util.Optional;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import nl.kvksync.contracts.matcher.ImportProgressed;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code imports} collection, {@code _id = importId}: what was requested (profile version, dry-run count, band)
 * and the latest progress from the matcher. Progress is applied only when newer than the last applied event.
 */
@Component
class ImportStore {

    /** One import. */
    record ImportRecord(String importId, String environmentId, String profileId, String profileName,
            long profileVersion, String status, long selected, long alreadySubscribed, long emitted, long total,
            long bandMin, long bandMax, String requestedBy, long requestedAt, Long updatedAt, String detail) {
    }

    private final MongoCollection<Document> imports;

    ImportStore(ReactiveMongoTemplate mongo) {
        this.imports = mongo.getCollection("imports").block();
    }

    boolean insert(ImportRecord r) {
        Document doc = new Document("_id", r.importId()).append("environmentId", r.environmentId())
                .append("profileId", r.profileId()).append("profileName", r.profileName())
                .append("profileVersion", r.profileVersion()).append("status", r.status())
                .append("selected", r.selected()).append("alreadySubscribed", r.alreadySubscribed())
                .append("emitted", r.emitted()).append("total", r.total()).append("bandMin", r.bandMin())
                .append("bandMax", r.bandMax()).append("requestedBy", r.requestedBy())
                .append("requestedAt", r.requestedAt()).append("updatedAt", r.updatedAt())
                .append("detail", r.detail()).append("lastEventAt", 0L);
        try {
            Mono.from(imports.insertOne(doc)).block();
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    void fail(String importId, String detail) {
        Mono.from(imports.updateOne(Filters.eq("_id", importId), Updates.combine(Updates.set("status", "FAILED"),
                Updates.set("detail", detail), Updates.set("updatedAt", System.currentTimeMillis())))).block();
    }

    /** Applies a progress event unless a newer one was applied already; an unknown import is created from it. */
    void progress(ImportProgressed e) {
        long at = e.getOccurredAt().toEpochMilli();
        var update = Updates.combine(Updates.set("status", e.getStatus().name()), Updates.set("selected",
                        e.getSelected()), Updates.set("alreadySubscribed", e.getAlreadySubscribed()),
                Updates.set("emitted", e.getEmitted()), Updates.set("total", e.getTotal()),
                Updates.set("detail", e.getDetail()), Updates.set("updatedAt", System.currentTimeMillis()),
                Updates.set("lastEventAt", at), Updates.setOnInsert("environmentId", e.getEnvironmentId()),
                Updates.setOnInsert("profileId", e.getProfileId()), Updates.setOnInsert("requestedAt", at));
        try {
            Mono.from(imports.updateOne(Filters.and(Filters.eq("_id", e.getImportId()), Filters.lte("lastEventAt", at)),
                    update, new UpdateOptions().upsert(true))).block();
        } catch (MongoWriteException ex) {
            if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw ex;
            }
            // an older event: the stored progress is newer
        }
    }

    Optional<ImportRecord> find(String importId) {
        return Mono.from(imports.find(Filters.eq("_id", importId)).first()).blockOptional().map(ImportStore::toRecord);
    }

    List<ImportRecord> list(String environmentId) {
        return Flux.from(imports.find(Filters.eq("environmentId", environmentId))
                .sort(Sorts.descending("requestedAt")).limit(100)).map(ImportStore::toRecord).collectList().block();
    }

    private static ImportRecord toRecord(Document d) {
        Object updated = d.get("updatedAt");
        return new ImportRecord(d.getString("_id"), d.getString("environmentId"), d.getString("profileId"),
                d.getString("profileName"), number(d, "profileVersion"), d.getString("status"),
                number(d, "selected"), number(d, "alreadySubscribed"), number(d, "emitted"), number(d, "total"),
                number(d, "bandMin"), number(d, "bandMax"), d.getString("requestedBy"), number(d, "requestedAt"),
                updated instanceof Number n ? n.longValue() : null, d.getString("detail"));
    }

    private static long number(Document d, String field) {
        return d.get(field) instanceof Number n ? n.longValue() : 0L;
    }
}
