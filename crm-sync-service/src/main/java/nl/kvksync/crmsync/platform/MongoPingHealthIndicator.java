package nl.kvksync.crmsync.platform;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * MongoDB health by {@code ping}, which both a replica set and the mongo-java-server stand-in answer (Boot's
 * own indicator asks {@code hello}, which the stand-in lacks; it is switched off).
 */
@Component("mongo")
class MongoPingHealthIndicator extends AbstractReactiveHealthIndicator {

    private final ReactiveMongoTemplate mongo;

    MongoPingHealthIndicator(ReactiveMongoTemplate mongo) {
        super("MongoDB health check failed");
        this.mongo = mongo;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return mongo.getMongoDatabase()
                .flatMap(db -> Mono.from(db.runCommand(new Document("ping", 1)))
                        .map(answer -> builder.up().withDetail("database", db.getName()).build()));
    }
}
