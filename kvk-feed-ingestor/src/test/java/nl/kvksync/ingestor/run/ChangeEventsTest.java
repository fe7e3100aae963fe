package nl.kvksync.ingestor.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import nl.kvksync.contracts.AvroBinary;
import nl.kvksync.contracts.kvk.FeedSource;
import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationChanged;
import nl.kvksync.ingestor.feed.FeedRecordReader;
import nl.kvksync.ingestor.feed.SbiCatalogue;
import nl.kvksync.ingestor.replica.ChangeDetector;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * The events of a change, encoded with the snapshots' bytes spliced in and framed with the registry serializer's
 * prefix, are byte for byte what the registry serializer writes for the same records.
 */
class ChangeEventsTest {

    /** Stands in for the registry serializer: Confluent framing with a fixed id over a plain Avro writer. */
    static final class PlainFraming implements Serializer<SpecificRecord> {
        final List<String> calls = new ArrayList<>();
        final byte id;

        PlainFraming(int id) {
            this.id = (byte) id;
        }

        @Override
        public byte[] serialize(String topic, SpecificRecord data) {
            calls.add(topic);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] {0, 0, 0, 0, id});
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            try {
                new SpecificDatumWriter<SpecificRecord>(data.getSchema()).write(data, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    private final AvroBinary<Registration> avro = AvroBinary.registrations();

    private static ChangeEvents framedBy(PlainFraming registry) {
        return new ChangeEvents(new ConfluentFrames(registry));
    }

    private static Registration recorded() throws IOException {
        try (InputStream in = ChangeEventsTest.class.getResourceAsStream(
                "/kvk/test-env/v1_vestigingsprofielen_000038509504__200.json")) {
            byte[] json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replaceAll("\\s*\\n\\s*", "").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            FeedRecordReader.Outcome o = new FeedRecordReader(SbiCatalogue.standard(), 1 << 20)
                    .read(json, 0, json.length);
            assertThat(o.rejection()).isNull();
            return o.record().registration();
        }
    }

    private static RegistrationChanged event(Registration previous, Registration next) {
        return RegistrationChanged.newBuilder().setEventId("e-1").setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .setRegistrationKey(next.getRegistrationKey()).setKind(previous == null ? MutationKind.NEW
                        : MutationKind.CHANGED)
                .setEffectiveDate("2026-11-20").setChangedFields(ChangeDetector.changedFields(previous, next))
                .setPrevious(previous).setRegistration(next).setFeedId("run-1").setFeedLine(7)
                .setSource(FeedSource.FILE).build();
    }

    @Test
    void theSplicedAndFramedEventsAreWhatTheRegistrySerializerWrites() throws IOException {
        Registration before = recorded();
        Registration after = Registration.newBuilder(before).setTradeName("Dagobert Sport")
                .setWebsite("https://dagobert.example").build();
        PlainFraming registry = new PlainFraming(42);
        ChangeEvents events = framedBy(registry);

        for (int round = 0; round < 2; round++) {
            RegistrationChanged created = event(null, before);
            assertThat(events.registrationChanged(created, null, avro.encode(before)))
                    .isEqualTo(registry.serialize("x", created));
            RegistrationChanged changed = event(before, after);
            assertThat(events.registrationChanged(changed, avro.encode(before), avro.encode(after)))
                    .isEqualTo(registry.serialize("x", changed));
            assertThat(events.registration(after, avro.encode(after))).isEqualTo(registry.serialize("x", after));
        }
        // the registry serializer was asked once per topic (plus the test's own calls), then the prefix was kept
        assertThat(registry.calls).filteredOn(t -> !t.equals("x"))
                .containsExactly("kvk.registration-changed.v1", "kvk.registrations.v1");
    }

    @Test
    void aSubjectWhoseSchemaEncodesDifferentlyGoesThroughTheRegistrySerializerEveryTime() throws IOException {
        Registration r = recorded();
        PlainFraming registry = new PlainFraming(9);
        ChangeEvents events = framedBy(registry);
        // bytes that are not the registry's encoding of r: the registry's are sent, and it is asked every time
        byte[] notTheSame = avro.encode(Registration.newBuilder(r).setTradeName("something else").build());

        assertThat(events.registration(r, notTheSame)).isEqualTo(registry.serialize("x", r));
        assertThat(events.registration(r, notTheSame)).isEqualTo(registry.serialize("x", r));
        assertThat(registry.calls).filteredOn(t -> !t.equals("x")).hasSize(2);
    }

    @Test
    void aResetLooksTheSubjectsUpAgain() throws IOException {
        Registration r = recorded();
        PlainFraming registry = new PlainFraming(3);
        ChangeEvents events = framedBy(registry);
        events.registration(r, avro.encode(r));
        events.registration(r, avro.encode(r));
        events.reset();
        events.registration(r, avro.encode(r));
        assertThat(registry.calls).containsExactly("kvk.registrations.v1", "kvk.registrations.v1");
    }
}
