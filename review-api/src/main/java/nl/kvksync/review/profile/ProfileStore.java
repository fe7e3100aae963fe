package nl.kvksync.review.profile;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code profiles} collection, {@code _id = environmentId|profileId}. Each change bumps {@code version}
 * (conditional on the version the change was based on); {@code publishedVersion} trails it until the profile is
 * on review.profiles.v1, so {@link ProfileService#republish()} can finish what a crash interrupted.
 */
@Component
class ProfileStore {

    /** A stored profile. */
    record StoredProfile(String environmentId, String profileId, ProfileSpec spec, long version, boolean deleted,
            long publishedVersion, String updatedBy, long updatedAt) {
    }

    private final MongoCollection<Document> profiles;

    ProfileStore(ReactiveMongoTemplate mongo) {
        this.profiles = mongo.getCollection("profiles").block();
    }

    boolean insert(StoredProfile p) {
        try {
            Mono.from(profiles.insertOne(toDocument(p))).block();
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Replaces the profile if it is still at {@code expectedVersion}. */
    boolean replace(StoredProfile p, long expectedVersion) {
        var result = Mono.from(profiles.replaceOne(Filters.and(Filters.eq("_id", key(p.environmentId(),
                p.profileId())), Filters.eq("version", expectedVersion)), toDocument(p))).block();
        return result != null && result.getMatchedCount() == 1;
    }

    void markPublished(String environmentId, String profileId, long version) {
        Mono.from(profiles.updateOne(Filters.and(Filters.eq("_id", key(environmentId, profileId)),
                Filters.lt("publishedVersion", version)), Updates.set("publishedVersion", version))).block();
    }

    Optional<StoredProfile> find(String environmentId, String profileId) {
        return Mono.from(profiles.find(Filters.eq("_id", key(environmentId, profileId))).first()).blockOptional()
                .map(ProfileStore::toProfile);
    }

    List<StoredProfile> list(String environmentId) {
        return Flux.from(profiles.find(Filters.and(Filters.eq("environmentId", environmentId),
                Filters.eq("deleted", false))).sort(Sorts.ascending("name"))).map(ProfileStore::toProfile)
                .collectList().block();
    }

    List<StoredProfile> unpublished() {
        return Flux.from(profiles.find(Filters.expr(new Document("$lt", List.of("$publishedVersion", "$version")))))
                .map(ProfileStore::toProfile).collectList()
                .onErrorResume(e -> Flux.from(profiles.find()).map(ProfileStore::toProfile)
                        .filter(p -> p.publishedVersion() < p.version()).collectList())
                .block();
    }

    static String key(String environmentId, String profileId) {
        return environmentId + "|" + profileId;
    }

    private static Document toDocument(StoredProfile p) {
        ProfileSpec s = p.spec();
        return new Document("_id", key(p.environmentId(), p.profileId())).append("environmentId", p.environmentId())
                .append("profileId", p.profileId()).append("name", s.name())
                .append("organisationType", s.organisationType())
                .append("offerNewRegistrations", s.offerNewRegistrations())
                .append("postcodeRanges", s.postcodeRanges().stream()
                        .map(r -> new Document("from", r.from()).append("to", r.to())).toList())
                .append("sbiInclude", s.sbiInclude()).append("sbiExclude", s.sbiExclude())
                .append("sbiScope", s.sbiScope()).append("legalForms", s.legalForms())
                .append("minEmployees", s.minEmployees()).append("version", p.version())
                .append("deleted", p.deleted()).append("publishedVersion", p.publishedVersion())
                .append("updatedBy", p.updatedBy()).append("updatedAt", p.updatedAt());
    }

    @SuppressWarnings("unchecked")
    private static StoredProfile toProfile(Document d) {
        List<ProfileSpec.PostcodeRange> ranges = ((List<Document>) d.get("postcodeRanges")).stream()
                .map(r -> new ProfileSpec.PostcodeRange(((Number) r.get("from")).intValue(),
                        ((Number) r.get("to")).intValue())).toList();
        Object min = d.get("minEmployees");
        ProfileSpec spec = new ProfileSpec(d.getString("name"), d.getString("organisationType"),
                d.getBoolean("offerNewRegistrations", false), ranges, (List<String>) d.get("sbiInclude"),
                (List<String>) d.get("sbiExclude"), d.getString("sbiScope"), (List<String>) d.get("legalForms"),
                min instanceof Number n ? n.intValue() : null);
        return new StoredProfile(d.getString("environmentId"), d.getString("profileId"), spec,
                ((Number) d.get("version")).longValue(), d.getBoolean("deleted", false),
                ((Number) d.get("publishedVersion")).longValue(), d.getString("updatedBy"),
                ((Number) d.get("updatedAt")).longValue());
    }

    static Map<String, Object> none() {
        return Map.of();
    }
}
