package nl.kvksync.review.organisation;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
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

    /** Stores the event's snapshot when it is newer than the stored one; false for an old or repeated event. */
    public boolean apply(OrganisationChanged event) {
        Organisation after = event.getOrganisation();
        String id = key(event.getEnvironmentId(), event.getOrganisationId());
        Document doc = new Document("_id", id).append("environmentId", event.getEnvironmentId())
                .append("organisationId", event.getOrganisationId()).append("version", event.getVersion())
                .append("deleted", event.getKind() == OrganisationChangeKind.DELETED)
                .append("registrationKey", after.getRegistrationKey()).append("tradeName", after.getTradeName())
                .append("updatedAt", event.getOccurredAt().toEpochMilli())
                .append("snapshot", new Binary(AvroBytes.encode(after)));
        // Compare-and-set on the stored version under a lock, with {_id}-only filters, which the stand-in answers from
        // its _id index ({_id, version: {$lt: v}} would scan the collection); one review-api instance assumed.
        synchronized (versionLock) {
            return compareAndSet(id, event.getVersion(), doc);
        }
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
