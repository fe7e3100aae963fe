package nl.kvksync.matcher.routing;

import static nl.kvksync.matcher.Fixtures.ended;
import static nl.kvksync.matcher.Fixtures.key;
import static nl.kvksync.matcher.Fixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import nl.kvksync.contracts.AvroBinary;
import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.matcher.profile.RegistrationFacts;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * {@link RegisterEntry}: the global register keeps a snapshot's binary as it came when it is in the current schema,
 * encodes a snapshot of another schema version again, and its index view gives the index exactly the facts the whole
 * snapshot gives.
 */
class RegisterEntryTest {

    final AvroBinary<Registration> avro = AvroBinary.registrations();

    @Test
    void theCurrentSchemasBinaryPassesThroughAndTheViewHasTheIndexsFacts() {
        Registration r = Registration.newBuilder(registration(key(1), "5211AB", "93122", "4711", "1071", "6201"))
                .setPostalAddress(Address.newBuilder().setPoBox(12).setPostcode("5200AA").build())
                .setWebsite("https://sport.example.nl").build();
        byte[] bytes = avro.encode(r);
        byte[] framed = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, framed, 5, bytes.length);

        RegisterEntry entry = RegisterEntry.Reader.ofStore().read(framed, 5, bytes.length);

        assertThat(entry.avro()).isEqualTo(bytes);
        assertThat(RegisterEntry.registration(entry.avro())).isEqualTo(r);
        Registration view = entry.indexView();
        assertThat(view.getStatus()).isEqualTo(RegistrationStatus.ACTIVE);
        assertThat(view.getVisitingAddress().getPostcode()).isEqualTo("5211AB");
        assertThat(view.getPostalAddress().getPostcode()).isEqualTo("5200AA");
        assertThat(view.getTradeName()).isNull();
        assertThat(view.getVisitingAddress().getCity()).isNull();
        assertThat(RegistrationFacts.of(view)).usingRecursiveComparison().isEqualTo(RegistrationFacts.of(r));
    }

    @Test
    void anEndedRegistrationWithoutAddressesOrActivitiesReadsAsSuch() {
        Registration r = Registration.newBuilder(ended(registration(key(2), "1011AA"))).setVisitingAddress(null)
                .setLegalForm(null).setEmployees(null).build();

        Registration view = RegisterEntry.Reader.ofStore().read(avro.encode(r), 0, avro.encode(r).length).indexView();

        assertThat(view.getStatus()).isEqualTo(RegistrationStatus.ENDED);
        assertThat(view.getVisitingAddress()).isNull();
        assertThat(view.getSbiActivities()).isEmpty();
        assertThat(RegistrationFacts.of(view)).usingRecursiveComparison().isEqualTo(RegistrationFacts.of(r));
    }

    @Test
    void aSnapshotInAnotherSchemaVersionIsEncodedAgainInTheCurrentOne() throws IOException {
        Registration r = registration(key(3), "3511LX", "6201", "62020");
        // a later producer's schema: one more (optional) field in the middle
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : Registration.SCHEMA$.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
            if (f.name().equals("phone")) {
                fields.add(new Schema.Field("email", Schema.createUnion(Schema.create(Schema.Type.NULL),
                        Schema.create(Schema.Type.STRING)), null, Schema.Field.NULL_DEFAULT_VALUE));
            }
        }
        Schema later = Schema.createRecord(Registration.SCHEMA$.getName(), null, Registration.SCHEMA$.getNamespace(),
                false, fields);
        GenericRecord written = new GenericData.Record(later);
        GenericRecord asGeneric = (GenericRecord) SpecificData.get().deepCopy(Registration.SCHEMA$, r);
        for (Schema.Field f : Registration.SCHEMA$.getFields()) {
            written.put(f.name(), GenericData.get().deepCopy(f.schema(), asGeneric.get(f.name())));
        }
        written.put("email", "info@example.nl");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(later).write(written, encoder);
        encoder.flush();
        byte[] bytes = out.toByteArray();

        RegisterEntry entry = new RegisterEntry.Reader(later).read(bytes, 0, bytes.length);

        assertThat(entry.avro()).isEqualTo(avro.encode(r)).isNotEqualTo(bytes);
        assertThat(RegisterEntry.registration(entry.avro())).isEqualTo(r);
        assertThat(RegistrationFacts.of(entry.indexView())).usingRecursiveComparison()
                .isEqualTo(RegistrationFacts.of(r));
    }

    @Test
    void brokenBytesAreASerializationErrorNamingTheRegistration() {
        byte[] bytes = avro.encode(registration(key(4), "5211AB", "93122"));
        assertThatThrownBy(() -> RegisterEntry.Reader.ofStore().read(bytes, 0, bytes.length / 2))
                .isInstanceOf(SerializationException.class).hasMessageContaining("cannot read a registration");
    }
}
