package nl.kvksync.review.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import nl.kvksync.contracts.AvroWire;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Avro records stored in MongoDB as their plain binary encoding (no registry framing): compact, exact, and read
 * back with the schema of the generated class, which is backward compatible with what earlier versions wrote
 * only while the record is unchanged — documents keep the payload of the event as it arrived, so a new schema
 * version must be read with {@link #decode(byte[], Class)} of the same generated class.
 */
public final class AvroBytes {

    /** Readers and writers per generated class and thread: a new one costs a schema resolution each time. */
    private static final ThreadLocal<Map<Class<?>, SpecificDatumReader<?>>> READERS =
            ThreadLocal.withInitial(HashMap::new);
    private static final ThreadLocal<Map<Class<?>, SpecificDatumWriter<SpecificRecord>>> WRITERS =
            ThreadLocal.withInitial(HashMap::new);

    private AvroBytes() {
    }

    public static byte[] encode(SpecificRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            SpecificDatumWriter<SpecificRecord> writer = WRITERS.get().computeIfAbsent(record.getClass(),
                    type -> new SpecificDatumWriter<>(record.getSchema(), AvroWire.selfEncoding()));
            writer.write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T extends SpecificRecordBase> T decode(byte[] bytes, Class<T> type) {
        try {
            @SuppressWarnings("unchecked")
            SpecificDatumReader<T> reader = (SpecificDatumReader<T>) READERS.get().computeIfAbsent(type,
                    t -> new SpecificDatumReader<>(type));
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
            return reader.read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException("stored " + type.getSimpleName() + " is unreadable", e);
        }
    }
}
