package nl.kvksync.contracts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import nl.kvksync.contracts.kvk.Registration;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The Avro binary of values, written by one datum writer through a reused buffered encoder (one copy into the output
 * per value, not one synchronized stream write per field). One instance per thread.
 * {@link #registrations()} writes a {@link Registration} with the generated class's own encoder (Avro's "custom
 * coders": no schema walk). The bytes are those of any Avro writer with the same schema, and a nested Registration
 * (in {@code RegistrationChanged}) is encoded exactly like a top-level one, so a feed line's snapshot is encoded
 * once, on the parse thread, and the same bytes serve the replica, {@code kvk.registrations.v1} and
 * {@code kvk.registration-changed.v1}.
 */
public final class AvroBinary<T> {

    private final DatumWriter<T> writer;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    private BinaryEncoder encoder;

    public AvroBinary(DatumWriter<T> writer) {
        this.writer = writer;
    }

    public static AvroBinary<Registration> registrations() {
        return new AvroBinary<>(new SpecificDatumWriter<>(Registration.getClassSchema(), AvroWire.selfEncoding()));
    }

    public byte[] encode(T value) {
        out.reset();
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        boolean written = false;
        try {
            writer.write(value, encoder);
            encoder.flush();
            written = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!written) {
                // a value that failed half-way leaves bytes in the encoder's buffer, which reuse would flush into
                // the next value's output
                encoder = null;
            }
        }
        return out.toByteArray();
    }
}
