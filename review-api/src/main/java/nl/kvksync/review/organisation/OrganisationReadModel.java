package nl.kvksync.review.organisation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.crm.OrganisationChangeKind;
import nl.kvksync.contracts.crm.OrganisationChanged;
import nl.kvksync.review.platform.AvroBytes;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code organisations} collection: {@code _id = environmentId|organisationId}, the organisation's version,
 * its snapshot as Avro binary. Writes compare-and-set the stored version (read and replace by {@code _id} under a
 * lock; insert against the unique {@code _id}): an older or repeated event changes nothing.
 */
@Component
public class OrganisationReadModel {

    private final MongoCollection<Document> organisations;
    private final Object versionLock = new Object();

    OrganisationReadModel(ReactiveMongoTemplate mongo) {
        this.organisations = mongo.getCollection("organisations").block();
    }

    /**
     * Stores each event's snapshot when it is newer than the stored one (and than the batch's earlier events for the
     * same organisation); per event, in order, whether it was newer (false for an old or repeated event). The
     * stored versions are read in one query and the new snapshots written in one bulk write.
     */
    public List<Boolean> applyAll(List<OrganisationChanged> events) {
        List<Boolean> newer = new ArrayList<>(events.size());
        // Compare-and-set on the stored version under a lock, with {_id}-only filters, which the stand-in answers from
        // its _id index ({_id, version: {$lt: v}} would scan the collection); one review-api instance assumed.
        synchronized (versionLock) {
            List<String> ids = events.stream().map(e -> key(e.getEnvironmentId(), e.getOrganisationId())).distinct()
                    .toList();
            Map<String, Long> versions = new HashMap<>();
            Flux.from(organisations.find(Filters.in("_id", ids)).projection(new Document("version", 1)))
                    .toIterable().forEach(d -> versions.put(d.getString("_id"), ((Number) d.get("version")).longValue()));
            Set<String> stored = new HashSet<>(versions.keySet());
            Map<String, OrganisationChanged> latest = new LinkedHashMap<>();
            for (OrganisationChanged event : events) {
                String id = key(event.getEnvironmentId(), event.getOrganisationId());
                Long current = versions.get(id);
                boolean isNewer = current == null || event.getVersion() > current;
                newer.add(isNewer);
                if (isNewer) {
                    versions.put(id, event.getVersion());
                    latest.put(id, event);
                }
            }
            // only the newest snapshot of each organisation is encoded and written
            List<WriteModel<Document>> writes = new ArrayList<>(latest.size());
            latest.forEach((id, event) -> {
                Document doc = toDocument(id, event);
                writes.add(stored.contains(id) ? new ReplaceOneModel<>(Filters.eq("_id", id), doc)
                        : new InsertOneModel<>(doc));
            });
            if (!writes.isEmpty()) {
                try {
                    Mono.from(organisations.bulkWrite(writes, new BulkWriteOptions().ordered(false))).block();
                } catch (MongoBulkWriteException e) {
                    // an insert lost to a writer outside this lock: compare again, one by one
                    for (BulkWriteError error : e.getWriteErrors()) {
                        if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                            throw e;
                        }
                        Document doc = ((InsertOneModel<Document>) writes.get(error.getIndex())).getDocument();
                        compareAndSet(doc.getString("_id"), ((Number) doc.get("version")).longValue(), doc);
                    }
                }
            }
        }
        return newer;
    }

    private static Document toDocument(String id, OrganisationChanged event) {
        Organisation after = event.getOrganisation();
        return new Document("_id", id).append("environmentId", event.getEnvironmentId())
                .append("organisationId", event.getOrganisationId()).append("version", event.getVersion())
                .append("deleted", event.getKind() == OrganisationChangeKind.DELETED)
                .append("registrationKey", after.getRegistrationKey()).append("tradeName", after.getTradeName())
                .append("updatedAt", event.getOccurredAt().toEpochMilli())
                .append("snapshot", new Binary(AvroBytes.encode(after)));
    }

    private boolean compareAndSet(String id, long newVersion, Document doc) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Document stored = Mono.from(organisations.find(Filters.eq("_id", id))
                    .projection(new Document("version", 1)).first()).block();
            if (stored == null) {
                try {
                    Mono.from(organisations.insertOne(doc)).block();
                    return true;
                } catch (MongoWriteException e) {
                    if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                        throw e;
                    }
                    continue; // inserted meanwhile: compare again
                }
            }
            long version = ((Number) stored.get("version")).longValue();
            if (version >= newVersion) {
                return false;
            }
            var result = Mono.from(organisations.replaceOne(Filters.eq("_id", id), doc)).block();
            if (result != null && result.getMatchedCount() == 1) {
                return true;
            }
        }
        throw new IllegalStateException("organisation " + id + " keeps changing; will retry the event");
    }

    /** The latest known snapshot of an organisation (also when deleted: the diff still shows what it was). */
    public Optional<Organisation> find(String environmentId, String organisationId) {
        if (organisationId == null) {
            return Optional.empty();
        }
        return Mono.from(organisations.find(Filters.eq("_id", key(environmentId, organisationId))).first())
                .blockOptional()
                .map(d -> AvroBytes.decode(((Binary) d.get("snapshot")).getData(), Organisation.class));
    }

    /** The latest known snapshots of these organisations of an environment, in one query, by organisation id. */
    public Map<String, Organisation> findAll(String environmentId, Collection<String> organisationIds) {
        if (organisationIds.isEmpty()) {
            return Map.of();
        }
        List<String> keys = organisationIds.stream().map(id -> key(environmentId, id)).toList();
        Map<String, Organisation> found = new HashMap<>();
        Flux.from(organisations.find(Filters.in("_id", keys))).toIterable().forEach(d -> {
            String key = d.getString("_id");
            found.put(key.substring(environmentId.length() + 1),
                    AvroBytes.decode(((Binary) d.get("snapshot")).getData(), Organisation.class));
        });
        return found;
    }

    static String key(String environmentId, String organisationId) {
        return environmentId + "|" + organisationId;
    }
}
