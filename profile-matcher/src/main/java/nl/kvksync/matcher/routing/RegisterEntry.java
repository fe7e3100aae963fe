package nl.kvksync.matcher.routing;

import java.io.IOException;
import java.util.Arrays;

import nl.kvksync.contracts.AvroBinary;
import nl.kvksync.contracts.kvk.Registration;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A snapshot of kvk.registrations.v1 as the matcher's global register takes it: its Avro binary in the current
 * {@link Registration} schema (what the store {@code register} keeps) and its {@link IndexView} (the fields the
 * register index reads; every other field null). When the producer wrote the current schema, as it does, the binary
 * is the record's bytes as they came and only the index's fields are decoded; a record in another schema version is
 * read whole and encoded again.
 */
public record RegisterEntry(byte[] avro, Registration indexView) {

    /** The store's binary is what the store serde of earlier versions wrote: plain Avro binary of Registration. */
    private static final Deserializer<Registration> STORED = AvroBinarySerde.of(Registration.class).deserializer();

    private static final long CURRENT = SchemaNormalization.parsingFingerprint64(Registration.SCHEMA$);

    /** The full snapshot from the binary the store {@code register} keeps. */
    public static Registration registration(byte[] avro) {
        return STORED.deserialize(MatcherTopology.REGISTER, avro);
    }

    /** Reads the entries of one writer schema. Not thread-safe: one per thread and writer schema. */
    static final class Reader implements EntryReader<RegisterEntry> {
        private final GenericDatumReader<GenericRecord> view;
        /** Null when the writer's binary is the current schema's (same parsing form): the bytes pass through. */
        private final SpecificDatumReader<Registration> whole;
        private final AvroBinary<Registration> encoder;
        private BinaryDecoder decoder;

        Reader(Schema writer) {
            this.view = new GenericDatumReader<>(writer, IndexView.REGISTRATION);
            boolean current = SchemaNormalization.parsingFingerprint64(writer) == CURRENT;
            this.whole = current ? null : new SpecificDatumReader<>(writer, Registration.SCHEMA$);
            this.encoder = current ? null : AvroBinary.registrations();
        }

        /** A reader of what the store keeps (the current schema's binary). */
        static Reader ofStore() {
            return new Reader(Registration.SCHEMA$);
        }

        @Override
        public RegisterEntry read(byte[] data, int offset, int length) {
            try {
                byte[] avro = whole == null ? Arrays.copyOfRange(data, offset, offset + length)
                        : encoder.encode(whole.read(null, decoder(data, offset, length)));
                return new RegisterEntry(avro, indexView(data, offset, length));
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read a registration: " + e, e);
            }
        }

        /** Only the fields the index reads. */
        Registration indexView(byte[] data, int offset, int length) throws IOException {
            return IndexView.of(view.read(null, decoder(data, offset, length)));
        }

        private BinaryDecoder decoder(byte[] data, int offset, int length) {
            decoder = DecoderFactory.get().binaryDecoder(data, offset, length, decoder);
            return decoder;
        }
    }
}
