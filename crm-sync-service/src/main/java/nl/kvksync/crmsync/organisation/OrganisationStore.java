package nl.kvksync.crmsync.organisation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import nl.kvksync.crmsync.outbox.OutboxCollection;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code organisations} collection. Every write is conditional: an insert for a new organisation, a replace
 * filtered on {@code {_id, version}} for an existing one, so a concurrent change makes the write miss instead of
 * overwriting. A unique sparse index on {@code linkKey} keeps one live organisation per environment and
 * registration. Only features a replica set and the stand-in share: no transactions.
 */
@Component
public class OrganisationStore implements InitializingBean {

    public static final String COLLECTION = "organisations";

    /** Outcome of a conditional write. */
    public enum SaveResult {
        SAVED,
        /** the document changed since it was read */
        VERSION_CONFLICT,
        /** another organisation holds the same link, or the id is taken */
        DUPLICATE_KEY
    }

    /** A page of organisations. */
    public record Page(List<OrganisationDocument> items, long total) {
    }

    /** List filters; null means any. */
    public record Criteria(String q, String kvkNummer, String registrationKey, String status, Boolean subscribed,
            String type) {
    }

    private final ReactiveMongoTemplate mongo;

    public OrganisationStore(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterPropertiesSet() {
        collection().flatMap(c -> Mono.from(c.createIndex(Indexes.ascending("linkKey"),
                        new IndexOptions().unique(true).sparse(true).name("one_link_per_environment")))
                // the conditional write's filter {_id, version}: a replica set would use _id anyway, the stand-in
                // scans the whole collection unless an index has exactly the filter's keys
                .then(Mono.from(c.createIndex(Indexes.ascending("_id", "version"),
                        new IndexOptions().unique(true).name("id_version"))))
                .then(Mono.from(c.createIndex(Indexes.ascending("environmentId", "tradeName"))))
                .then(Mono.from(c.createIndex(Indexes.ascending("environmentId", "kvkNummer"))))
                .then(Mono.from(c.createIndex(Indexes.ascending("outbox.createdAt"),
                        new IndexOptions().sparse(true)))))
                .block();
    }

    public Mono<OrganisationDocument> find(String organisationId) {
        return collection().flatMap(c -> Mono.from(c.find(Filters.eq("_id", organisationId)).first()))
                .map(OrganisationDocument::fromBson);
    }

    public Mono<Map<String, OrganisationDocument>> findAll(Collection<String> organisationIds) {
        if (organisationIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return collection().flatMapMany(c -> Flux.from(c.find(Filters.in("_id", new HashSet<>(organisationIds)))))
                .map(OrganisationDocument::fromBson)
                .collectMap(OrganisationDocument::id);
    }

    /** The live organisations holding these link keys ({@link OrganisationDocument#linkKey}), by link key. */
    public Mono<Map<String, OrganisationDocument>> findLinked(Collection<String> linkKeys) {
        if (linkKeys.isEmpty()) {
            return Mono.just(Map.of());
        }
        return collection().flatMapMany(c -> Flux.from(c.find(Filters.in("linkKey", new HashSet<>(linkKeys)))))
                .map(OrganisationDocument::fromBson)
                .collectMap(OrganisationDocument::linkKey);
    }

    /** Writes one document conditionally on the version it was read at. */
    public Mono<SaveResult> save(OrganisationDocument document) {
        Document bson = document.toBson(UUID.randomUUID().toString());
        return collection().flatMap(c -> document.isNew()
                        ? Mono.from(c.insertOne(bson)).thenReturn(SaveResult.SAVED)
                        : Mono.from(c.replaceOne(versionFilter(document), bson))
                                .map(r -> r.getMatchedCount() == 1 ? SaveResult.SAVED : SaveResult.VERSION_CONFLICT))
                .onErrorResume(MongoWriteException.class, e -> e.getError().getCategory()
                        == ErrorCategory.DUPLICATE_KEY ? Mono.just(SaveResult.DUPLICATE_KEY) : Mono.error(e));
    }

    /**
     * Writes many documents in one unordered bulk, each conditionally. Returns the ids of the documents that were
     * not written (changed concurrently, or a duplicate key); the caller reads those again and retries.
     */
    public Mono<Set<String>> saveAll(List<OrganisationDocument> documents) {
        if (documents.isEmpty()) {
            return Mono.just(Set.of());
        }
        String writeId = UUID.randomUUID().toString();
        List<WriteModel<Document>> writes = new ArrayList<>(documents.size());
        for (OrganisationDocument document : documents) {
            Document bson = document.toBson(writeId);
            writes.add(document.isNew() ? new InsertOneModel<>(bson)
                    : new ReplaceOneModel<>(versionFilter(document), bson));
        }
        return collection().flatMap(c -> Mono.from(c.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
                .map(result -> complete(result, documents))
                .onErrorResume(MongoBulkWriteException.class, e -> Mono.just(false))
                .flatMap(complete -> complete ? Mono.just(Set.<String>of()) : notWritten(c, documents, writeId)));
    }

    public Mono<Page> search(String environmentId, Criteria criteria, int page, int size) {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq("environmentId", environmentId));
        filters.add(Filters.ne("deleted", true));
        if (criteria.q() != null && !criteria.q().isBlank()) {
            Pattern contains = Pattern.compile(Pattern.quote(criteria.q().trim()), Pattern.CASE_INSENSITIVE);
            filters.add(Filters.or(Filters.regex("tradeName", contains), Filters.regex("statutoryName", contains),
                    Filters.eq("kvkNummer", criteria.q().trim())));
        }
        if (criteria.kvkNummer() != null) {
            filters.add(Filters.eq("kvkNummer", criteria.kvkNummer()));
        }
        if (criteria.registrationKey() != null) {
            filters.add(Filters.eq("registrationKey", criteria.registrationKey()));
        }
        if (criteria.status() != null) {
            filters.add(Filters.eq("status", criteria.status()));
        }
        if (criteria.subscribed() != null) {
            filters.add(Filters.eq("subscribed", criteria.subscribed()));
        }
        if (criteria.type() != null) {
            filters.add(Filters.eq("type", criteria.type()));
        }
        Bson filter = Filters.and(filters);
        return collection().flatMap(c -> Flux.from(c.find(filter).sort(Sorts.ascending("tradeName", "_id"))
                        .skip(page * size).limit(size)).map(OrganisationDocument::fromBson).collectList()
                .zipWith(Mono.from(c.countDocuments(filter)))
                .map(t -> new Page(t.getT1(), t.getT2())));
    }

    private static boolean complete(BulkWriteResult result, List<OrganisationDocument> documents) {
        return result.getInsertedCount() + result.getMatchedCount() == documents.size();
    }

    private Mono<Set<String>> notWritten(MongoCollection<Document> c, List<OrganisationDocument> documents,
            String writeId) {
        Map<String, OrganisationDocument> byId = new HashMap<>();
        documents.forEach(d -> byId.put(d.id(), d));
        return Flux.from(c.find(Filters.in("_id", byId.keySet())).projection(new Document("writeId", 1)))
                .filter(d -> writeId.equals(d.getString("writeId")))
                .map(d -> d.get("_id").toString())
                .collect(HashSet<String>::new, Set::add)
                .map(written -> {
                    Set<String> missed = new HashSet<>(byId.keySet());
                    missed.removeAll(written);
                    return missed;
                });
    }

    /**
     * {@code {_id, version}} as one plain document: {@code Filters.and} renders {@code $and}, which the stand-in
     * cannot answer from its {@code id_version} index.
     */
    private static Bson versionFilter(OrganisationDocument document) {
        return new Document("_id", document.id()).append("version", document.storedVersion());
    }

    private Mono<MongoCollection<Document>> collection() {
        return mongo.getCollection(COLLECTION);
    }

    /** The sweeper drains this collection's outbox too. */
    @Configuration(proxyBeanMethods = false)
    static class Outboxes {
        @Bean
        OutboxCollection organisationOutbox() {
            return new OutboxCollection(COLLECTION);
        }
    }
}
