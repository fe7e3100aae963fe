package nl.kvksync.review.platform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Compare-and-set of one field over many documents, as the stores do it on both MongoDB and the stand-in (which
 * answers only {@code {_id}} and {@code {_id: {$in}}} filters from an index): 500 ids at a time, under the store's
 * lock, read the field by {@code $in}, ask for each id's update given its current value (null: leave it), write
 * them in one unordered bulk write. One review-api instance assumed (the lock is the JVM's).
 */
public final class BulkCompareAndSet {

    private static final int CHUNK = 500;

    private BulkCompareAndSet() {
    }

    /** Returns the ids updated. */
    public static Set<String> update(MongoCollection<Document> collection, Object lock, String field, List<String> ids,
            BiFunction<String, String, Bson> update) {
        Set<String> updated = new HashSet<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
            synchronized (lock) {
                Map<String, String> current = new HashMap<>();
                Flux.from(collection.find(Filters.in("_id", chunk)).projection(Projections.include(field)))
                        .toIterable().forEach(d -> current.put(d.getString("_id"), d.getString(field)));
                List<WriteModel<Document>> writes = new ArrayList<>(chunk.size());
                for (String id : chunk) {
                    Bson change = update.apply(id, current.get(id));
                    if (change != null) {
                        updated.add(id);
                        writes.add(new UpdateOneModel<>(Filters.eq("_id", id), change));
                    }
                }
                if (!writes.isEmpty()) {
                    Mono.from(collection.bulkWrite(writes, new BulkWriteOptions().ordered(false))).block();
                }
            }
        }
        return updated;
    }
}
