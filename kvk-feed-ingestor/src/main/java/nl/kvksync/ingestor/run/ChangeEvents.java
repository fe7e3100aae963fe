package nl.kvksync.ingestor.run;

import java.io.IOException;

import nl.kvksync.contracts.AvroBinary;
import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationChanged;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The wire bytes of the two events of a published change: {@code RegistrationChanged} and the snapshot for
 * kvk.registrations.v1. The snapshots inside are not encoded again: their Avro binary (from the parse thread, or
 * as the replica stores it) is written in place — Avro encodes a nested record exactly like a top-level one, so the
 * bytes are those of a plain writer ({@code ChangeEventsTest} compares them). Not thread-safe: the run thread's.
 */
final class ChangeEvents {

    private final ConfluentFrames frames;
    private final SplicingWriter writer = new SplicingWriter();
    private final AvroBinary<RegistrationChanged> changes = new AvroBinary<>(writer);
    private final AvroBinary<Registration> registrations = AvroBinary.registrations();

    ChangeEvents(ConfluentFrames frames) {
        this.frames = frames;
    }

    /** A new run: the subjects' ids are looked up again. */
    void reset() {
        frames.reset();
    }

    /** The Avro binary of a snapshot, when the caller has none. */
    byte[] avro(Registration registration) {
        return registrations.encode(registration);
    }

    /** {@code event}, whose previous and new snapshots are encoded as {@code previousAvro} and {@code nextAvro}. */
    byte[] registrationChanged(RegistrationChanged event, byte[] previousAvro, byte[] nextAvro) {
        byte[] body;
        writer.splice(event.getPrevious(), previousAvro, event.getRegistration(), nextAvro);
        try {
            body = changes.encode(event);
        } finally {
            writer.splice(null, null, null, null);
        }
        return frames.frame(Topics.REGISTRATION_CHANGED, event, body);
    }

    byte[] registration(Registration next, byte[] nextAvro) {
        return frames.frame(Topics.REGISTRATIONS, next, nextAvro);
    }

    /** Writes the two given snapshot instances as their given bytes, everything else as usual. */
    private static final class SplicingWriter extends SpecificDatumWriter<RegistrationChanged> {
        private Object previous;
        private byte[] previousAvro;
        private Object next;
        private byte[] nextAvro;

        SplicingWriter() {
            super(RegistrationChanged.getClassSchema());
        }

        void splice(Object previous, byte[] previousAvro, Object next, byte[] nextAvro) {
            this.previous = previous;
            this.previousAvro = previousAvro;
            this.next = next;
            this.nextAvro = nextAvro;
        }

        @Override
        protected void writeRecord(Schema schema, Object datum, Encoder out) throws IOException {
            if (datum == next && nextAvro != null) {
                out.writeFixed(nextAvro);
            } else if (datum == previous && previousAvro != null) {
                out.writeFixed(previousAvro);
            } else {
                super.writeRecord(schema, datum, out);
            }
        }
    }
}
