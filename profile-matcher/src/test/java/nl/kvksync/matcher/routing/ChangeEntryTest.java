package nl.kvksync.matcher.routing;

import static nl.kvksync.matcher.Fixtures.change;
import static nl.kvksync.matcher.Fixtures.key;
import static nl.kvksync.matcher.Fixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import nl.kvksync.contracts.AvroBinary;
import nl.kvksync.contracts.AvroWire;
import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationChanged;
import nl.kvksync.matcher.profile.RegistrationFacts;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * {@link ChangeEntry}: routing reads a change's key, kind and new snapshot's index fields; the whole change is
 * decoded only when a proposal asks for it.
 */
class ChangeEntryTest {

    final AvroBinary<RegistrationChanged> avro = new AvroBinary<>(
            new SpecificDatumWriter<>(RegistrationChanged.SCHEMA$, AvroWire.selfEncoding()));

    @Test
    void readsKeyKindAndTheNewSnapshotsIndexFieldsAndTheWholeChangeOnRequest() {
        Registration before = registration(key(11), "5211AB", "93122");
        Registration after = Registration.newBuilder(before).setWebsite("https://sport.example.nl")
                .setVisitingAddress(registration(key(11), "5611XY", "93122").getVisitingAddress()).build();
        RegistrationChanged changed = change(MutationKind.CHANGED, before, after, "feed-1", "website",
                "visitingAddress");
        byte[] bytes = avro.encode(changed);

        ChangeEntry entry = ChangeEntry.Reader.current().read(bytes, 0, bytes.length);

        assertThat(entry.registrationKey()).isEqualTo(key(11));
        assertThat(entry.kind()).isEqualTo(MutationKind.CHANGED);
        assertThat(entry.indexView().getVisitingAddress().getPostcode()).isEqualTo("5611XY");
        assertThat(entry.indexView().getWebsite()).isNull();
        assertThat(RegistrationFacts.of(entry.indexView())).usingRecursiveComparison()
                .isEqualTo(RegistrationFacts.of(after));
        assertThat(entry.whole()).isEqualTo(changed);
        assertThat(entry.whole()).isSameAs(entry.whole());
    }

    @Test
    void aChangeBrokenOutsideWhatRoutingReadsIsRoutedAndFailsOnlyWhenTheWholeChangeIsAskedFor() {
        RegistrationChanged created = change(MutationKind.NEW, null, registration(key(12), "1011AA", "6201"),
                "feed-2");
        byte[] bytes = avro.encode(created);
        bytes[bytes.length - 1] = 0x7E; // the last field, source: an enum index (63) the schema does not have

        ChangeEntry entry = ChangeEntry.Reader.current().read(bytes, 0, bytes.length);

        assertThat(entry.kind()).isEqualTo(MutationKind.NEW);
        assertThat(entry.indexView().getSbiActivities()).extracting(a -> a.getCode()).containsExactly("6201");
        assertThatThrownBy(entry::whole).isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot read a registration change");
    }

    @Test
    void aChangeCutInsideItsSnapshotIsASerializationError() {
        byte[] bytes = avro.encode(change(MutationKind.NEW, null, registration(key(13), "1011AA", "6201"), "f"));
        assertThatThrownBy(() -> ChangeEntry.Reader.current().read(bytes, 0, 20))
                .isInstanceOf(SerializationException.class).hasMessageContaining("cannot read a registration change");
    }
}
