package nl.kvksync.matcher.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import nl.kvksync.contracts.crm.SubscriptionChanged;
import nl.kvksync.contracts.crm.SubscriptionOrigin;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.matcher.register.SubscribedView;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes crm.subscriptions.v1 (compacted, key environmentId:organisationId) in two steps. The first re-keys
 * each subscription by registration key (store {@code subscriptions-by-organisation} remembers which registration
 * an organisation followed, so a re-link or an end removes it from the old one); the second keeps the
 * {@code subscribers} store (key registrationKey) and the in-heap {@link SubscribedView}, and raises the LINK
 * enrichment proposal (matcher.proposal-raised.v1, key environmentId:registrationKey) when an organisation was
 * just linked. Idempotent: a subscription whose version is not newer than the stored one changes nothing.
 * Failures: see MatcherStreams (dead-letter topic, the stream goes on).
 */
final class SubscriptionProcessors {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionProcessors.class);

    private SubscriptionProcessors() {
    }

    /** Key environmentId:organisationId → key registrationKey; emits a removal for the registration left. */
    static final class Rekey implements Processor<String, SubscriptionChanged, String, SubscriptionChanged> {
        private ProcessorContext<String, SubscriptionChanged> context;
        private KeyValueStore<String, String> followed;

        @Override
        public void init(ProcessorContext<String, SubscriptionChanged> context) {
            this.context = context;
            this.followed = context.getStateStore(MatcherTopology.SUBSCRIPTIONS_BY_ORGANISATION);
        }

        @Override
        public void process(Record<String, SubscriptionChanged> record) {
            if (record.key() == null) {
                return;
            }
            SubscriptionChanged s = record.value();
            String before = followed.get(record.key());
            if (s != null && s.getActive()) {
                if (before != null && !before.equals(s.getRegistrationKey())) {
                    context.forward(record.withKey(before).withValue(removal(s, before)));
                }
                followed.put(record.key(), s.getRegistrationKey());
                context.forward(record.withKey(s.getRegistrationKey()));
            } else if (before != null) {
                followed.delete(record.key());
                SubscriptionChanged removal = s != null ? removal(s, before) : tombstoneRemoval(record, before);
                context.forward(record.withKey(before).withValue(removal));
            }
        }

        private static SubscriptionChanged removal(SubscriptionChanged s, String registrationKey) {
            return SubscriptionChanged.newBuilder(s).setRegistrationKey(registrationKey).setActive(false).build();
        }

        private static SubscriptionChanged tombstoneRemoval(Record<String, SubscriptionChanged> record,
                String registrationKey) {
            int colon = record.key().indexOf(':');
            return SubscriptionChanged.newBuilder().setEventId("tombstone:" + record.key())
                    .setOccurredAt(java.time.Instant.ofEpochMilli(record.timestamp()))
                    .setEnvironmentId(colon < 0 ? record.key() : record.key().substring(0, colon))
                    .setOrganisationId(colon < 0 ? "" : record.key().substring(colon + 1))
                    .setRegistrationKey(registrationKey).setActive(false).setVersion(Long.MAX_VALUE).build();
        }
    }

    /** Keeps who follows each registration; raises the LINK proposal for a freshly linked organisation. */
    static final class Follow implements Processor<String, SubscriptionChanged, String, ProposalRaised> {
        private final SubscribedView view;
        private final EnvironmentBook environments;
        private final Counter raised;
        private final Counter unresolved;
        private ProcessorContext<String, ProposalRaised> context;
        private KeyValueStore<String, Subscribers> subscribers;
        private KeyValueStore<String, byte[]> register;

        Follow(SubscribedView view, EnvironmentBook environments, MeterRegistry meters) {
            this.view = view;
            this.environments = environments;
            this.raised = meters.counter("kvksync.proposals.raised", "kind", "UPDATE");
            this.unresolved = meters.counter("kvksync.matcher.link.unresolved");
        }

        @Override
        public void init(ProcessorContext<String, ProposalRaised> context) {
            this.context = context;
            this.subscribers = context.getStateStore(MatcherTopology.SUBSCRIBERS);
            this.register = context.getStateStore(MatcherTopology.REGISTER);
            try (KeyValueIterator<String, Subscribers> all = subscribers.all()) {
                while (all.hasNext()) {
                    var entry = all.next();
                    view.replace(entry.key, java.util.Set.of(), entry.value.environments());
                }
            }
        }

        @Override
        public void process(Record<String, SubscriptionChanged> record) {
            SubscriptionChanged s = record.value();
            String registrationKey = record.key();
            Subscribers before = subscribers.get(registrationKey);
            if (before == null) {
                before = Subscribers.NONE;
            }
            Subscribers.Subscriber existing = before.find(s.getEnvironmentId(), s.getOrganisationId());
            Subscribers after;
            if (s.getActive()) {
                if (existing != null && existing.version() >= s.getVersion()) {
                    log.debug("subscription {}:{} version {} already known", s.getEnvironmentId(),
                            s.getOrganisationId(), s.getVersion());
                    return;
                }
                after = before.with(new Subscribers.Subscriber(s.getEnvironmentId(), s.getOrganisationId(),
                        s.getVersion(), s.getOrigin().name()));
            } else {
                if (existing == null || existing.version() > s.getVersion()) {
                    return;
                }
                after = before.without(s.getEnvironmentId(), s.getOrganisationId());
            }
            if (after.isEmpty()) {
                subscribers.delete(registrationKey);
            } else {
                subscribers.put(registrationKey, after);
            }
            view.replace(registrationKey, before.environments(), after.environments());
            if (s.getActive() && existing == null && s.getOrigin() == SubscriptionOrigin.LINKED) {
                link(record, s);
            }
        }

        private void link(Record<String, SubscriptionChanged> record, SubscriptionChanged s) {
            if (!environments.advancedModuleOn(s.getEnvironmentId())) {
                return;
            }
            byte[] snapshot = register.get(s.getRegistrationKey());
            if (snapshot == null) {
                unresolved.increment();
                log.info("organisation {}:{} was linked to {}, which the register does not know (yet): no enrichment"
                        + " proposal", s.getEnvironmentId(), s.getOrganisationId(), s.getRegistrationKey());
                return;
            }
            ProposalRaised p = Proposals.forLink(s, RegisterEntry.registration(snapshot), record.timestamp());
            raised.increment();
            context.forward(new Record<>(MatcherTopology.proposalKey(p), p, record.timestamp()));
        }
    }
}
