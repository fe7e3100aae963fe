package nl.kvksync.review.environment;

import java.util.List;
import java.util.Optional;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import nl.kvksync.contracts.crm.EnvironmentChanged;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code environments} collection, {@code _id = environmentId}, written by version: an older or repeated
 * EnvironmentChanged changes nothing.
 */
@Component
public class EnvironmentDirectory {

    /** One environment as review-api knows it. */
    public record Environment(String environmentId, String name, boolean basicModule, boolean advancedModule,
            List<String> organisationTypes, boolean deleted, long version) {
    }

    private final MongoCollection<Document> environments;

    EnvironmentDirectory(ReactiveMongoTemplate mongo) {
        this.environments = mongo.getCollection("environments").block();
    }

    boolean apply(EnvironmentChanged e) {
        Document doc = new Document("_id", e.getEnvironmentId()).append("name", e.getName())
                .append("basicModule", e.getBasicModule()).append("advancedModule", e.getAdvancedModule())
                .append("organisationTypes", e.getOrganisationTypes()).append("deleted", e.getDeleted())
                .append("version", e.getVersion());
        try {
            var result = Mono.from(environments.replaceOne(Filters.and(Filters.eq("_id", e.getEnvironmentId()),
                    Filters.lt("version", e.getVersion())), doc, new ReplaceOptions().upsert(true))).block();
            return result != null && (result.getModifiedCount() == 1 || result.getUpsertedId() != null);
        } catch (MongoWriteException ex) {
            if (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw ex;
        }
    }

    public Optional<Environment> find(String environmentId) {
        return Mono.from(environments.find(Filters.eq("_id", environmentId)).first()).blockOptional()
                .map(EnvironmentDirectory::toEnvironment);
    }

    public List<Environment> all() {
        return Flux.from(environments.find().sort(Sorts.ascending("_id"))).map(EnvironmentDirectory::toEnvironment)
                .collectList().block();
    }

    @SuppressWarnings("unchecked")
    private static Environment toEnvironment(Document d) {
        return new Environment(d.getString("_id"), d.getString("name"), d.getBoolean("basicModule", false),
                d.getBoolean("advancedModule", false),
                d.get("organisationTypes") instanceof List<?> l ? (List<String>) l : List.of(),
                d.getBoolean("deleted", false), ((Number) d.get("version")).longValue());
    }
}
