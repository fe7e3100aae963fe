package nl.kvksync.matcher.routing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import nl.kvksync.contracts.AvroBinary;
import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.LegalForm;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.contracts.kvk.SbiActivity;
import nl.kvksync.contracts.kvk.SbiVersion;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A snapshot of kvk.registrations.v1 as the matcher's global register takes it: its Avro binary in the current
 * {@link Registration} schema (what the store {@code register} keeps) and a Registration holding only the fields the
 * register index reads (status, the two postcodes, the SBI activities' code, primary flag and version, legal form,
 * employees; every other field null). When the producer wrote the current schema, as it does, the binary is the
 * record's bytes as they came and only the index's fields are decoded; a record in another schema version is read
 * whole and encoded again.
 */
public record RegisterEntry(byte[] avro, Registration indexView) {

    /** The part of {@link Registration} the register index reads, as a reader schema (same names, fewer fields). */
    static final Schema INDEX_VIEW = keep(Registration.SCHEMA$, Map.of(
            Address.SCHEMA$.getFullName(), keep(Address.SCHEMA$, Map.of(), "postcode"),
            SbiActivity.SCHEMA$.getFullName(), keep(SbiActivity.SCHEMA$, Map.of(), "code", "primary", "version")),
            "status", "visitingAddress", "postalAddress", "sbiActivities", "employees", "legalForm");

    /** The serializer half of the source serde: entries are read from the topic, never written to one. */
    static final Serializer<RegisterEntry> NOT_WRITTEN = (topic, entry) -> {
        throw new UnsupportedOperationException("register entries are not written to " + topic);
    };

    /** One reader of the store's binary per thread: a reader resolves its schemas once, on first use. */
    private static final ThreadLocal<SpecificDatumReader<Registration>> WHOLE = ThreadLocal
            .withInitial(() -> new SpecificDatumReader<>(Registration.class));

    private static final long CURRENT = SchemaNormalization.parsingFingerprint64(Registration.SCHEMA$);

    /** The full snapshot from the binary the store {@code register} keeps. */
    public static Registration registration(byte[] avro) {
        try {
            return WHOLE.get().read(null, DecoderFactory.get().binaryDecoder(avro, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read a registration from the register store: " + e.getMessage(),
                    e);
        }
    }

    /** Reads the entries of one writer schema. Not thread-safe: one per thread and writer schema. */
    static final class Reader {
        private final GenericDatumReader<GenericRecord> view;
        /** Null when the writer's binary is the current schema's (same parsing form): the bytes pass through. */
        private final SpecificDatumReader<Registration> whole;
        private final AvroBinary<Registration> encoder;
        private BinaryDecoder decoder;

        Reader(Schema writer) {
            this.view = new GenericDatumReader<>(writer, INDEX_VIEW);
            boolean current = SchemaNormalization.parsingFingerprint64(writer) == CURRENT;
            this.whole = current ? null : new SpecificDatumReader<>(writer, Registration.SCHEMA$);
            this.encoder = current ? null : AvroBinary.registrations();
        }

        /** A reader of what the store keeps (the current schema's binary). */
        static Reader ofStore() {
            return new Reader(Registration.SCHEMA$);
        }

        RegisterEntry read(byte[] data, int offset, int length) {
            try {
                byte[] avro = whole == null ? Arrays.copyOfRange(data, offset, offset + length)
                        : encoder.encode(whole.read(null, decoder(data, offset, length)));
                return new RegisterEntry(avro, indexView(data, offset, length));
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read a registration: " + e.getMessage(), e);
            }
        }

        /** Only the fields the index reads. */
        Registration indexView(byte[] data, int offset, int length) throws IOException {
            return RegisterEntry.indexView(view.read(null, decoder(data, offset, length)));
        }

        private BinaryDecoder decoder(byte[] data, int offset, int length) {
            decoder = DecoderFactory.get().binaryDecoder(data, offset, length, decoder);
            return decoder;
        }
    }

    private static Registration indexView(GenericRecord g) {
        Registration r = new Registration();
        r.setStatus(RegistrationStatus.valueOf(g.get("status").toString()));
        r.setVisitingAddress(address(g.get("visitingAddress")));
        r.setPostalAddress(address(g.get("postalAddress")));
        List<?> activities = (List<?>) g.get("sbiActivities");
        List<SbiActivity> sbi = new ArrayList<>(activities.size());
        for (Object o : activities) {
            GenericRecord a = (GenericRecord) o;
            SbiActivity activity = new SbiActivity();
            activity.setCode(a.get("code").toString());
            activity.setPrimary((Boolean) a.get("primary"));
            activity.setVersion(SbiVersion.valueOf(a.get("version").toString()));
            sbi.add(activity);
        }
        r.setSbiActivities(sbi);
        r.setEmployees((Integer) g.get("employees"));
        Object legalForm = g.get("legalForm");
        r.setLegalForm(legalForm == null ? null : LegalForm.valueOf(legalForm.toString()));
        return r;
    }

    private static Address address(Object value) {
        if (value == null) {
            return null;
        }
        Object postcode = ((GenericRecord) value).get("postcode");
        Address a = new Address();
        a.setPostcode(postcode == null ? null : postcode.toString());
        return a;
    }

    /** {@code record} with only the named fields, its nested records replaced by {@code reduced} (by full name). */
    private static Schema keep(Schema record, Map<String, Schema> reduced, String... names) {
        List<Schema.Field> fields = new ArrayList<>();
        for (String name : names) {
            Schema.Field f = record.getField(name);
            fields.add(new Schema.Field(f, replace(f.schema(), reduced)));
        }
        return Schema.createRecord(record.getName(), null, record.getNamespace(), false, fields);
    }

    private static Schema replace(Schema type, Map<String, Schema> reduced) {
        return switch (type.getType()) {
            case UNION -> Schema.createUnion(type.getTypes().stream().map(t -> replace(t, reduced)).toList());
            case ARRAY -> Schema.createArray(replace(type.getElementType(), reduced));
            case RECORD -> reduced.getOrDefault(type.getFullName(), type);
            default -> type;
        };
    }
}
