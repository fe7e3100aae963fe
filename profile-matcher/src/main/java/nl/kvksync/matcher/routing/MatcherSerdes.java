package nl.kvksync.matcher.routing;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import nl.kvksync.contracts.AvroWire;
import nl.kvksync.contracts.crm.EnvironmentChanged;
import nl.kvksync.contracts.crm.SubscriptionChanged;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationChanged;
import nl.kvksync.contracts.matcher.ImportProgressed;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.contracts.review.ImportProfile;
import nl.kvksync.contracts.review.ImportRequested;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serdes of the topics the topology reads and writes. {@link #registry} is the wire format of the
 * platform (Apicurio serdes in Confluent framing, configured here: Kafka Streams does not configure serde
 * instances it is given); {@link #plain} is registry-free Avro for {@code TopologyTestDriver}. {@code registerEntries}
 * and {@code changeEntries} read kvk.registrations.v1 and kvk.registration-changed.v1 for the processors
 * ({@link RegisterEntry}, {@link ChangeEntry}: only what they look at first is decoded).
 */
public record MatcherSerdes(Serde<Registration> registration, Serde<RegistrationChanged> registrationChanged,
        Serde<SubscriptionChanged> subscription, Serde<EnvironmentChanged> environment, Serde<ImportProfile> profile,
        Serde<ImportRequested> importRequested, Serde<ProposalRaised> proposal,
        Serde<ImportProgressed> importProgressed, Deserializer<RegisterEntry> registerEntries,
        Deserializer<ChangeEntry> changeEntries) {

    public static MatcherSerdes plain() {
        return new MatcherSerdes(AvroBinarySerde.of(Registration.class),
                AvroBinarySerde.of(RegistrationChanged.class), AvroBinarySerde.of(SubscriptionChanged.class),
                AvroBinarySerde.of(EnvironmentChanged.class), AvroBinarySerde.of(ImportProfile.class),
                AvroBinarySerde.of(ImportRequested.class), AvroBinarySerde.of(ProposalRaised.class),
                AvroBinarySerde.of(ImportProgressed.class), plainEntries(RegisterEntry.Reader::ofStore),
                plainEntries(ChangeEntry.Reader::current));
    }

    /** A source serde of entries, which are read from their topic and never written to one. */
    static <E> Serde<E> readOnly(Deserializer<E> entries) {
        Serializer<E> none = (topic, value) -> {
            throw new UnsupportedOperationException("entries are read from " + topic + ", never written to it");
        };
        return Serdes.serdeFrom(none, entries);
    }

    /** Registry-free Avro binary in the current schema, read by one {@link EntryReader} per thread. */
    private static <E> Deserializer<E> plainEntries(Supplier<EntryReader<E>> current) {
        ThreadLocal<EntryReader<E>> readers = ThreadLocal.withInitial(current);
        return (topic, data) -> data == null ? null : readers.get().read(data, 0, data.length);
    }

    public static MatcherSerdes registry(String registryUrl) {
        Map<String, Object> config = AvroWire.serdeConfig(registryUrl);
        return new MatcherSerdes(apicurio(Registration.class, config),
                apicurio(RegistrationChanged.class, config), apicurio(SubscriptionChanged.class, config),
                apicurio(EnvironmentChanged.class, config), apicurio(ImportProfile.class, config),
                apicurio(ImportRequested.class, config), apicurio(ProposalRaised.class, config),
                apicurio(ImportProgressed.class, config), entries(RegisterEntry.Reader::new, config),
                entries(ChangeEntry.Reader::new, config));
    }

    private static <E> Deserializer<E> entries(Function<Schema, EntryReader<E>> readerFor,
            Map<String, Object> config) {
        Deserializer<E> deserializer = new RegistryAvroSerdes.Entries<>(readerFor);
        deserializer.configure(config, false);
        return deserializer;
    }

    /**
     * The platform's serde configuration, with one addition for writing: the serializer takes the latest version
     * of {@code <topic>-value} instead of looking its schema up by content, a lookup Apicurio 2.6.13 fails for
     * every schema with nested named types (enums, records) registered through the Confluent API.
     */
    public static Map<String, Object> serializerConfig(String registryUrl) {
        Map<String, Object> config = new java.util.HashMap<>(AvroWire.serdeConfig(registryUrl));
        config.put("apicurio.registry.find-latest", "true");
        return config;
    }

    /** Apicurio serdes configured as the platform's, reading into {@code type} (see {@link RegistryAvroSerdes}). */
    private static <T extends SpecificRecord> Serde<T> apicurio(Class<T> type, Map<String, Object> config) {
        Serializer<T> serializer = new RegistryAvroSerdes.Serializer<>();
        Map<String, Object> writing = new java.util.HashMap<>(config);
        writing.put("apicurio.registry.find-latest", "true");
        serializer.configure(writing, false);
        Deserializer<T> deserializer = new RegistryAvroSerdes.Deserializer<>(type);
        deserializer.configure(config, false);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
