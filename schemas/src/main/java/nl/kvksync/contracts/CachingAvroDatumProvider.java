package nl.kvksync.contracts;

import java.util.IdentityHashMap;
import java.util.Map;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Apicurio serdes' datum provider, with the readers and writers kept instead of made anew for every record.
 * A new {@code SpecificDatumReader} resolves the writer's schema against the reader's schema again (Avro's
 * {@code Resolver}, comparing the schemas field by field): in a profile of review-api's intake that resolution
 * took about an eighth of the listener thread's samples. The serdes hand over the same {@link Schema} instance for the same schema id
 * (they cache schemas by id), so readers and writers are kept per schema instance, per thread (a datum reader or
 * writer is not meant to be shared between threads), and dropped when a thread has seen unusually many.
 */
public class CachingAvroDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    private static final int MAX_PER_THREAD = 256;

    private final ThreadLocal<Map<Schema, DatumReader<T>>> readers = ThreadLocal.withInitial(IdentityHashMap::new);
    private final ThreadLocal<Map<Schema, DatumWriter<T>>> specificWriters =
            ThreadLocal.withInitial(IdentityHashMap::new);

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        return kept(readers.get(), schema, () -> super.createDatumReader(schema));
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        if (data instanceof SpecificRecord) {
            return kept(specificWriters.get(), schema, () -> super.createDatumWriter(data, schema));
        }
        return super.createDatumWriter(data, schema);
    }

    private static <V> V kept(Map<Schema, V> cache, Schema schema, java.util.function.Supplier<V> create) {
        V kept = cache.get(schema);
        if (kept == null) {
            if (cache.size() >= MAX_PER_THREAD) {
                cache.clear();
            }
            kept = create.get();
            cache.put(schema, kept);
        }
        return kept;
    }
}
