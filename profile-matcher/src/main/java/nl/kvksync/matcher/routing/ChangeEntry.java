package nl.kvksync.matcher.routing;

import java.io.IOException;
import java.util.Map;

import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationChanged;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A kvk.registration-changed.v1 record as the change router takes it: the registration key, the kind and the new
 * snapshot's {@link IndexView} are decoded as it arrives; the whole {@link RegistrationChanged} (both snapshots, the
 * changed fields) only when a proposal is raised from it, which most changes never are (a register load: none
 * followed, few matching a profile).
 */
public final class ChangeEntry {

    /** {@link RegistrationChanged} reduced to what routing reads first, as a reader schema. */
    static final Schema VIEW = IndexView.keep(RegistrationChanged.SCHEMA$,
            Map.of(Registration.SCHEMA$.getFullName(), IndexView.REGISTRATION), "registrationKey", "kind",
            "registration");

    private final String registrationKey;
    private final MutationKind kind;
    private final Registration indexView;
    private final byte[] data;
    private final int offset;
    private final int length;
    private final Reader reader;
    private RegistrationChanged whole;

    private ChangeEntry(GenericRecord view, byte[] data, int offset, int length, Reader reader) {
        this.registrationKey = view.get("registrationKey").toString();
        this.kind = MutationKind.valueOf(view.get("kind").toString());
        this.indexView = IndexView.of((GenericRecord) view.get("registration"));
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.reader = reader;
    }

    public String registrationKey() {
        return registrationKey;
    }

    public MutationKind kind() {
        return kind;
    }

    /** The new snapshot's fields the index and the profiles read (every other field null). */
    public Registration indexView() {
        return indexView;
    }

    /** The whole change, decoded on first call (on the thread that read the entry). */
    public RegistrationChanged whole() {
        if (whole == null) {
            whole = reader.whole(data, offset, length);
        }
        return whole;
    }

    /**
     * Reads the changes of one writer schema. Not thread-safe: one per thread and writer schema. The entries keep a
     * reference to {@code data} (a record's own array, not reused by the consumer) until they are dropped.
     */
    static final class Reader implements EntryReader<ChangeEntry> {
        private final GenericDatumReader<GenericRecord> view;
        private final SpecificDatumReader<RegistrationChanged> all;
        private BinaryDecoder decoder;

        Reader(Schema writer) {
            this.view = new GenericDatumReader<>(writer, VIEW);
            this.all = new SpecificDatumReader<>(writer, RegistrationChanged.SCHEMA$);
        }

        /** A reader of changes written in the current schema (registry-free topics, tests). */
        static Reader current() {
            return new Reader(RegistrationChanged.SCHEMA$);
        }

        @Override
        public ChangeEntry read(byte[] data, int offset, int length) {
            try {
                return new ChangeEntry(view.read(null, decoder(data, offset, length)), data, offset, length, this);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read a registration change: " + e, e);
            }
        }

        RegistrationChanged whole(byte[] data, int offset, int length) {
            try {
                return all.read(null, decoder(data, offset, length));
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read a registration change: " + e, e);
            }
        }

        private BinaryDecoder decoder(byte[] data, int offset, int length) {
            decoder = DecoderFactory.get().binaryDecoder(data, offset, length, decoder);
            return decoder;
        }
    }
}
