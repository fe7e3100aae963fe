package nl.kvksync.contracts;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

import org.apache.avro.Schema;

/**
 * One value per schema (a datum reader or writer), for one thread. Apicurio hands out the same parsed schema
 * instance until its cache entry expires (every 30 s by default) and then a new, equal one: look instances up by
 * identity first, fall back to equality (one deep comparison per new instance), and forget stale instances, so
 * neither the readers nor the identity entries grow with time. Not thread-safe: keep one per thread.
 */
public final class PerSchema<V> {

    private final Map<Schema, V> byInstance = new IdentityHashMap<>();
    private final Map<Schema, V> bySchema = new HashMap<>();

    public V get(Schema schema, Function<Schema, V> create) {
        V value = byInstance.get(schema);
        if (value == null) {
            value = bySchema.computeIfAbsent(schema, create);
            if (byInstance.size() >= 16) {
                byInstance.clear();
            }
            byInstance.put(schema, value);
        }
        return value;
    }

    /** Instances and distinct schemas remembered (for tests). */
    int[] sizes() {
        return new int[] {byInstance.size(), bySchema.size()};
    }
}
