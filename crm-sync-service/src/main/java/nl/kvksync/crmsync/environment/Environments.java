package nl.kvksync.crmsync.environment;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.EnvironmentChanged;
import nl.kvksync.crmsync.outbox.Outbox;
import nl.kvksync.crmsync.outbox.OutboxCollection;
import nl.kvksync.crmsync.platform.ApiException;
import nl.kvksync.crmsync.platform.EnvironmentAccess;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads and changes environments. A change is written together with its {@code EnvironmentChanged} (outbox), on
 * the condition that nobody changed the environment since it was read (retried when somebody did), then published
 * to {@code crm.environments.v1} (key: environmentId). A publish that fails is retried by the outbox sweeper.
 */
@Component
public class Environments {

    public static final String COLLECTION = "environments";
    private static final Logger log = LoggerFactory.getLogger(Environments.class);
    private static final int MAX_ATTEMPTS = 5;

    private final ReactiveMongoTemplate mongo;
    private final Outbox outbox;
    private final Clock clock;

    Environments(ReactiveMongoTemplate mongo, Outbox outbox, Clock clock) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Mono<EnvironmentDocument> find(String environmentId) {
        return collection().flatMap(c -> Mono.from(c.find(Filters.eq("_id", environmentId)).first()))
                .map(EnvironmentDocument::fromBson);
    }

    /** The environment, or 404 {@code environment-not-found}. */
    public Mono<EnvironmentDocument> require(String environmentId) {
        return find(environmentId).switchIfEmpty(Mono.error(() -> EnvironmentAccess.notFound(environmentId)));
    }

    public Mono<Map<String, EnvironmentDocument>> findAll(Collection<String> environmentIds) {
        if (environmentIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return collection().flatMapMany(c -> Flux.from(c.find(Filters.in("_id", new HashSet<>(environmentIds)))))
                .map(EnvironmentDocument::fromBson).collectMap(EnvironmentDocument::id);
    }

    public Flux<EnvironmentDocument> all() {
        return collection().flatMapMany(c -> Flux.from(c.find().sort(Sorts.ascending("_id"))))
                .map(EnvironmentDocument::fromBson);
    }

    Mono<EnvironmentDocument> create(String environmentId, String name, boolean basic, boolean advanced,
            List<String> types, String actor) {
        Instant now = clock.instant();
        EnvironmentDocument created = new EnvironmentDocument(environmentId,
                name == null || name.isBlank() ? environmentId : name.trim(), basic, advanced,
                types == null ? List.of() : types, 1, now, now, actor, List.of(), 0);
        EnvironmentDocument withEvent = created.withEvent(event(created, now));
        return collection().flatMap(c -> Mono.from(c.insertOne(withEvent.toBson())))
                .onErrorMap(MongoWriteException.class, e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                        ? ApiException.conflict("environment-exists", "environment " + environmentId + " already exists")
                        : e)
                .then(publish(withEvent))
                .thenReturn(withEvent);
    }

    Mono<EnvironmentDocument> switchModules(String environmentId, Boolean basic, Boolean advanced) {
        return update(environmentId, current -> {
            EnvironmentRules.Modules modules = EnvironmentRules.switchModules(current.basicModule(),
                    current.advancedModule(), basic, advanced);
            if (!modules.valid()) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "module-rule",
                        "Module rule violated", modules.errors().get(0).message(), modules.errors());
            }
            if (modules.basic() == current.basicModule() && modules.advanced() == current.advancedModule()) {
                return current;
            }
            return current.withModules(modules.basic(), modules.advanced(), clock.instant());
        });
    }

    Mono<EnvironmentDocument> setOrganisationTypes(String environmentId, List<String> types) {
        return update(environmentId, current -> current.organisationTypes().equals(types) ? current
                : current.withTypes(types, clock.instant()));
    }

    /** Applies {@code change}; returning the same instance means nothing changed (no write, no event). */
    private Mono<EnvironmentDocument> update(String environmentId,
            Function<EnvironmentDocument, EnvironmentDocument> change) {
        return Mono.defer(() -> require(environmentId).flatMap(current -> {
            EnvironmentDocument changed = change.apply(current);
            if (changed == current) {
                return Mono.just(current);
            }
            EnvironmentDocument withEvent = changed.withEvent(event(changed, changed.updatedAt()));
            return collection()
                    .flatMap(c -> Mono.from(c.replaceOne(new Document("_id", environmentId)
                            .append("version", current.storedVersion()), withEvent.toBson())))
                    .flatMap(result -> result.getMatchedCount() == 1 ? publish(withEvent).thenReturn(withEvent)
                            : Mono.error(new ConcurrentChange()));
        })).retryWhen(reactor.util.retry.Retry.max(MAX_ATTEMPTS).filter(ConcurrentChange.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .onErrorMap(ConcurrentChange.class, e -> ApiException.conflict("concurrent-change",
                        "environment " + environmentId + " kept changing; try again"));
    }

    private Mono<Void> publish(EnvironmentDocument document) {
        return outbox.relay(COLLECTION, document.id(), document.outbox())
                .onErrorResume(e -> {
                    log.warn("environment {} saved, its event stays in the outbox for the sweeper: {}", document.id(),
                            e.toString());
                    return Mono.empty();
                });
    }

    private nl.kvksync.crmsync.outbox.OutboxEntry event(EnvironmentDocument d, Instant now) {
        String eventId = UUID.randomUUID().toString();
        EnvironmentChanged changed = EnvironmentChanged.newBuilder().setEventId(eventId).setOccurredAt(now)
                .setEnvironmentId(d.id()).setName(d.name()).setBasicModule(d.basicModule())
                .setAdvancedModule(d.advancedModule()).setOrganisationTypes(d.organisationTypes()).setDeleted(false)
                .setVersion(d.version()).build();
        return outbox.entry(Topics.ENVIRONMENTS, d.id(), eventId, changed, now);
    }

    private Mono<MongoCollection<Document>> collection() {
        return mongo.getCollection(COLLECTION);
    }

    private static final class ConcurrentChange extends RuntimeException {
        ConcurrentChange() {
            super(null, null, false, false);
        }
    }

    /** The sweeper drains this collection's outbox too. */
    @Configuration(proxyBeanMethods = false)
    static class Outboxes {
        @Bean
        OutboxCollection environmentOutbox() {
            return new OutboxCollection(COLLECTION);
        }
    }
}
