package nl.kvksync.crmsync.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;

import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Publishes events that stayed in a document's outbox because the process died (or Kafka was away) between the
 * MongoDB write and the send: once right after start-up (every stored event), then every
 * {@code kvksync.crmsync.outbox.sweep-interval} for events older than {@code grace}. A document's entries are sent
 * in the order they were stored. An event may so be sent twice (at-least-once; its event id is stable).
 */
@Component
public class OutboxSweeper {

    private static final Logger log = LoggerFactory.getLogger(OutboxSweeper.class);
    private static final int PAGE = 500;

    private final ReactiveMongoTemplate mongo;
    private final Outbox outbox;
    private final List<OutboxCollection> collections;
    private final OutboxProperties properties;
    private final Clock clock;
    private final Counter swept;

    OutboxSweeper(ReactiveMongoTemplate mongo, Outbox outbox, List<OutboxCollection> collections,
            OutboxProperties properties, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.collections = collections;
        this.properties = properties;
        this.clock = clock;
        this.swept = meters.counter("kvksync.outbox.swept");
    }

    @EventListener(ApplicationReadyEvent.class)
    void afterStart() {
        sweepQuietly(Duration.ZERO);
    }

    @Scheduled(fixedDelayString = "${kvksync.crmsync.outbox.sweep-interval:10s}",
            initialDelayString = "${kvksync.crmsync.outbox.sweep-interval:10s}")
    void periodically() {
        sweepQuietly(properties.grace());
    }

    private void sweepQuietly(Duration grace) {
        try {
            int sent = sweep(grace);
            if (sent > 0) {
                log.info("outbox sweep sent {} stored event(s)", sent);
            }
        } catch (RuntimeException e) {
            log.warn("outbox sweep failed, next round retries: {}", e.toString());
        }
    }

    /** Sends every stored event older than {@code grace}; returns how many were sent. */
    public int sweep(Duration grace) {
        Date cutoff = Date.from(clock.instant().minus(grace));
        int total = 0;
        for (OutboxCollection collection : collections) {
            while (true) {
                List<Document> page = mongo.getCollection(collection.name())
                        .flatMapMany(c -> Flux.from(c.find(Filters.lte("outbox.createdAt", cutoff)).limit(PAGE)))
                        .collectList().block();
                if (page == null || page.isEmpty()) {
                    break;
                }
                for (Document document : page) {
                    List<OutboxEntry> entries = document.getList("outbox", Document.class).stream()
                            .map(OutboxEntry::fromBson).toList();
                    outbox.relay(collection.name(), document.get("_id").toString(), entries).block();
                    total += entries.size();
                    swept.increment(entries.size());
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
        }
        return total;
    }
}
