package nl.kvksync.matcher.routing;

import static nl.kvksync.matcher.Fixtures.change;
import static nl.kvksync.matcher.Fixtures.key;
import static nl.kvksync.matcher.Fixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import nl.kvksync.contracts.AvroBinary;
import nl.kvksync.contracts.AvroWire;
import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationChanged;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.testsupport.infra.EmbeddedInfrastructure;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The matcher's registry serdes ({@link RegistryAvroSerdes}, cached readers and writers) against the stock Apicurio
 * serdes on the real registry: the same bytes on the wire, and each reads what the other wrote.
 */
class RegistrySerdesIT {

    final EmbeddedInfrastructure infra = EmbeddedInfrastructure.shared();
    final MatcherSerdes serdes = MatcherSerdes.registry(infra.registryUrl());

    @Test
    void writesTheSameBytesAsTheStockSerializerAndReadsThemBack() {
        Registration before = registration(key(9001), "5211AB", "93122", "4711");
        Registration after = Registration.newBuilder(before).setWebsite("https://sport.example.nl").build();
        RegistrationChanged changed = change(MutationKind.CHANGED, before, after, "serde-feed", "website");
        ProposalRaised proposal = Proposals.forSubscriber(changed,
                new Subscribers.Subscriber("env-serde", "org-1", 3, "LINKED"), ProposalKind.UPDATE);

        roundTrip(serdes.proposal(), Topics.PROPOSAL_RAISED, proposal);
        roundTrip(serdes.registrationChanged(), Topics.REGISTRATION_CHANGED, changed);
        roundTrip(serdes.registration(), Topics.REGISTRATIONS, after);
    }

    @Test
    void aReusedBufferNeverLeaksOneRecordIntoTheNext() {
        Serde<Registration> serde = serdes.registration();
        Registration big = registration(key(9002), "5211AB", "93122", "4711", "1071", "6201");
        Registration small = Registration.newBuilder(registration(key(9003), "1011AA", "01")).setTradeNames(List.of())
                .build();
        byte[] first = serde.serializer().serialize(Topics.REGISTRATIONS, big);
        byte[] second = serde.serializer().serialize(Topics.REGISTRATIONS, small);
        assertThat(second.length).isLessThan(first.length);
        assertThat(serde.deserializer().deserialize(Topics.REGISTRATIONS, second)).isEqualTo(small);
        assertThat(serde.deserializer().deserialize(Topics.REGISTRATIONS, first)).isEqualTo(big);

        // A write that fails half-way (status is required) leaves nothing behind for the next record.
        Registration broken = new Registration();
        broken.setRegistrationKey(key(9004));
        broken.setKvkNummer("69590000");
        assertThatThrownBy(() -> serde.serializer().serialize(Topics.REGISTRATIONS, broken))
                .isInstanceOf(RuntimeException.class);
        assertThat(serde.serializer().serialize(Topics.REGISTRATIONS, small)).isEqualTo(second);
    }

    @Test
    void readsRegistrationsForTheRegisterPassingTheirBinaryThrough() {
        Registration r = registration(key(9005), "5211AB", "93122", "4711");
        try (AvroKafkaSerializer<Registration> stockWriter = new AvroKafkaSerializer<>()) {
            stockWriter.configure(MatcherSerdes.serializerConfig(infra.registryUrl()), false);
            byte[] wire = stockWriter.serialize(Topics.REGISTRATIONS, r);

            RegisterEntry entry = serdes.registerEntries().deserialize(Topics.REGISTRATIONS, wire);

            assertThat(entry.avro()).isEqualTo(Arrays.copyOfRange(wire, 5, wire.length))
                    .isEqualTo(AvroBinary.registrations().encode(r));
            assertThat(RegisterEntry.registration(entry.avro())).isEqualTo(r);
            assertThat(entry.indexView().getVisitingAddress().getPostcode()).isEqualTo("5211AB");
            assertThat(entry.indexView().getSbiActivities()).extracting(a -> a.getCode())
                    .containsExactly("93122", "4711");
            assertThat(entry.indexView().getTradeName()).isNull();
        }
    }

    <T extends org.apache.avro.specific.SpecificRecord> void roundTrip(Serde<T> ours, String topic, T value) {
        try (AvroKafkaSerializer<T> stockWriter = new AvroKafkaSerializer<>();
                AvroKafkaDeserializer<T> stockReader = new AvroKafkaDeserializer<>()) {
            stockWriter.configure(MatcherSerdes.serializerConfig(infra.registryUrl()), false);
            stockReader.configure(AvroWire.serdeConfig(infra.registryUrl()), false);
            byte[] stock = stockWriter.serialize(topic, value);
            for (int i = 0; i < 3; i++) { // cached writer and buffer: the same bytes every time
                assertThat(ours.serializer().serialize(topic, value)).isEqualTo(stock);
            }
            assertThat(ours.deserializer().deserialize(topic, stock)).isEqualTo(value);
            assertThat(ours.deserializer().deserialize(topic, stock)).isEqualTo(value);
            assertThat(stockReader.deserialize(topic, ours.serializer().serialize(topic, value))).isEqualTo(value);
        }
    }
}
