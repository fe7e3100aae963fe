package nl.kvksync.matcher.routing;

import io.micrometer.core.instrument.MeterRegistry;
import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.SubscriptionChanged;
import nl.kvksync.contracts.matcher.ImportProgressed;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.matcher.imports.ImportProcessor;
import nl.kvksync.matcher.imports.ImportSettings;
import nl.kvksync.matcher.profile.ProfileBook;
import nl.kvksync.matcher.register.RegisterIndex;
import nl.kvksync.matcher.register.SubscribedView;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The matcher's Kafka Streams topology.
 * <ul>
 * <li>Global: kvk.registrations.v1 → {@code register} (RocksDB, each snapshot's Avro binary, see
 * {@link RegisterEntry}) + in-heap {@link RegisterIndex};
 * crm.environments.v1 → {@code environments}; review.profiles.v1 → {@code profiles} (in-memory, rebuilt on start).
 * <li>crm.subscriptions.v1 → re-keyed by registration key (internal topic
 * {@code <application.id>-subscriptions-by-registration-repartition}) → {@code subscribers} (RocksDB), LINK
 * proposals.
 * <li>kvk.registration-changed.v1 ({@link ChangeEntry}) + {@code subscribers} → UPDATE / ENDED / NEW proposals.
 * <li>review.import-requested.v1 → {@code imports} → NEW proposals and import progress.
 * </ul>
 * Outputs: matcher.proposal-raised.v1 (key environmentId:registrationKey), matcher.import-progressed.v1 (key
 * environmentId:importId). The re-keyed subscriptions must be co-partitioned with kvk.registration-changed.v1:
 * pass its partition count (0 lets Kafka Streams take the subscriptions topic's).
 */
public final class MatcherTopology {

    public static final String REGISTER = "register";
    public static final String ENVIRONMENTS = "environments";
    public static final String PROFILES = "profiles";
    public static final String SUBSCRIPTIONS_BY_ORGANISATION = "subscriptions-by-organisation";
    public static final String SUBSCRIBERS = "subscribers";
    public static final String IMPORTS = ImportProcessor.STORE;
    public static final String SUBSCRIPTIONS_BY_REGISTRATION = "subscriptions-by-registration";

    /** The in-heap state the topology keeps current and the HTTP side reads. */
    public record State(RegisterIndex index, SubscribedView subscribed, ProfileBook profiles,
            EnvironmentBook environments) {

        public static State empty() {
            return new State(new RegisterIndex(), new SubscribedView(), new ProfileBook(), new EnvironmentBook());
        }
    }

    private MatcherTopology() {
    }

    static String proposalKey(ProposalRaised p) {
        return Topics.tenantKey(p.getEnvironmentId(), p.getRegistrationKey());
    }

    public static Topology build(MatcherSerdes serdes, State state, MeterRegistry meters, ImportSettings imports,
            int registrationChangedPartitions) {
        StreamsBuilder builder = new StreamsBuilder();
        var strings = Serdes.String();

        // the store keeps each snapshot's Avro binary (the current Registration schema), passed through from the topic
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REGISTER), strings, Serdes.ByteArray())
                        .withLoggingDisabled(),
                Topics.REGISTRATIONS, Consumed.with(strings, MatcherSerdes.readOnly(serdes.registerEntries()))
                        .withName("registrations"),
                () -> new GlobalStateProcessors.RegisterUpdater(state.index()));
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ENVIRONMENTS), strings,
                        AvroBinarySerde.of(nl.kvksync.contracts.crm.EnvironmentChanged.class)).withLoggingDisabled(),
                Topics.ENVIRONMENTS, Consumed.with(strings, serdes.environment()).withName("environments-source"),
                () -> new GlobalStateProcessors.EnvironmentUpdater(state.environments()));
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PROFILES), strings,
                        AvroBinarySerde.of(nl.kvksync.contracts.review.ImportProfile.class)).withLoggingDisabled(),
                Topics.PROFILES, Consumed.with(strings, serdes.profile()).withName("profiles-source"),
                () -> new GlobalStateProcessors.ProfileUpdater(state.profiles(), meters));

        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SUBSCRIPTIONS_BY_ORGANISATION), strings, strings));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SUBSCRIBERS), strings,
                Subscribers.serde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IMPORTS), strings,
                ImportProcessor.jobSerde()));

        Repartitioned<String, SubscriptionChanged> byRegistration = Repartitioned
                .with(strings, AvroBinarySerde.of(SubscriptionChanged.class)).withName(SUBSCRIPTIONS_BY_REGISTRATION);
        if (registrationChangedPartitions > 0) {
            byRegistration = byRegistration.withNumberOfPartitions(registrationChangedPartitions);
        }
        Produced<String, ProposalRaised> toProposals = Produced.with(strings, serdes.proposal())
                .withName("proposals");

        builder.stream(Topics.SUBSCRIPTIONS, Consumed.with(strings, serdes.subscription()).withName("subscriptions"))
                .process(SubscriptionProcessors.Rekey::new, Named.as("subscription-rekey"),
                        SUBSCRIPTIONS_BY_ORGANISATION)
                .repartition(byRegistration)
                .process(() -> new SubscriptionProcessors.Follow(state.subscribed(), state.environments(), meters),
                        Named.as("subscription-follow"), SUBSCRIBERS)
                .to(Topics.PROPOSAL_RAISED, Produced.with(strings, serdes.proposal()).withName("link-proposals"));

        Consumed<String, ChangeEntry> changes = Consumed
                .with(strings, MatcherSerdes.readOnly(serdes.changeEntries()))
                .withName("registration-changes");
        builder.stream(Topics.REGISTRATION_CHANGED, changes)
                .process(() -> new ChangeRouter(state.environments(), state.profiles(), meters),
                        Named.as("route-changes"), SUBSCRIBERS)
                .to(Topics.PROPOSAL_RAISED, toProposals);

        KStream<String, SpecificRecord> importOutput = builder
                .stream(Topics.IMPORT_REQUESTED,
                        Consumed.with(strings, serdes.importRequested()).withName("import-requests"))
                .process(() -> new ImportProcessor(state.index(), state.subscribed(), state.environments(), imports,
                        meters), Named.as("imports"), IMPORTS);
        importOutput.split(Named.as("import-"))
                .branch((k, v) -> v instanceof ProposalRaised, Branched.withConsumer(s -> s
                        .mapValues(v -> (ProposalRaised) v, Named.as("import-as-proposal"))
                        .to(Topics.PROPOSAL_RAISED, Produced.with(strings, serdes.proposal())
                                .withName("import-proposals-sink")), "proposals"))
                .branch((k, v) -> v instanceof ImportProgressed, Branched.withConsumer(s -> s
                        .mapValues(v -> (ImportProgressed) v, Named.as("import-as-progress"))
                        .to(Topics.IMPORT_PROGRESSED, Produced.with(strings, serdes.importProgressed())
                                .withName("import-progress-sink")), "progress"))
                .noDefaultBranch();
        return builder.build();
    }
}
