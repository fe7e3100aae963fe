package nl.kvksync.contracts;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Apicurio serdes' datum provider, with the readers and writers kept instead of made anew for every record.
 * A new {@code SpecificDatumReader} resolves the writer's schema against the reader's schema again (Avro's
 * {@code Resolver}, comparing the schemas field by field): in a profile of review-api's intake that resolution
 * took about an eighth of the listener thread's samples. Readers and writers are kept per schema and thread
 * ({@link PerSchema}; a datum reader or writer is not meant to be shared between threads). A writer of the generated
 * class's own schema lets the record encode itself ({@link AvroWire#selfEncoding()}).
 */
public class CachingAvroDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    private final ThreadLocal<PerSchema<DatumReader<T>>> readers = ThreadLocal.withInitial(PerSchema::new);
    private final ThreadLocal<PerSchema<DatumWriter<T>>> specificWriters = ThreadLocal.withInitial(PerSchema::new);

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        return readers.get().get(schema, s -> super.createDatumReader(s));
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        if (data instanceof SpecificRecord record) {
            // The subject's schema is normally the generated class's own: then the record may encode itself.
            return specificWriters.get().get(schema, s -> s.equals(record.getSchema())
                    ? new SpecificDatumWriter<>(s, AvroWire.selfEncoding()) : super.createDatumWriter(data, s));
        }
        return super.createDatumWriter(data, schema);
    }
}
