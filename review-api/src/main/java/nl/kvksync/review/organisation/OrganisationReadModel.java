package nl.kvksync.review.organisation;

import java.util.Optional;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoCollection;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.crm.OrganisationChangeKind;
import nl.kvksync.contracts.crm.OrganisationChanged;
import nl.kvksync.review.platform.AvroBytes;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The {@code organisations} collection: {@code _id = environmentId|organisationId}, the organisation's version,
 * its snapshot as Avro binary. Writes compare-and-set the stored version ({@code {_id, version: stored}}), insert
 * against the unique {@code _id}: an older or repeated event changes nothing.
 */
@Component
public class OrganisationReadModel {

    private final MongoCollection<Document> organisations;

    OrganisationReadModel(ReactiveMongoTemplate mongo) {
        this.organisations = mongo.getCollection("organisations").block();
        Mono.from(organisations.createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true)))
                .block();
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
        // Compare-and-set on the stored version, with equality filters only ({_id} and {_id, version}), which the
        // stand-in answers from its unique indexes; a range filter ({version: {$lt: v}}) would scan the collection.
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
            if (version >= event.getVersion()) {
                return false;
            }
            var result = Mono.from(organisations.replaceOne(Filters.and(Filters.eq("_id", id),
                    Filters.eq("version", version)), doc)).block();
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

    static String key(String environmentId, String organisationId) {
        return environmentId + "|" + organisationId;
    }
}
