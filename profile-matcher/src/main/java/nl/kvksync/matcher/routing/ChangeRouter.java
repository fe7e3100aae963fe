package nl.kvksync.matcher.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.matcher.profile.CompiledProfile;
import nl.kvksync.matcher.profile.ProfileBook;
import nl.kvksync.matcher.profile.RegistrationFacts;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes kvk.registration-changed.v1 (key registrationKey) and raises proposals on matcher.proposal-raised.v1
 * (key environmentId:registrationKey): a CHANGED or ENDED registration gives an UPDATE or ENDED proposal per
 * subscribed organisation in every environment with the advanced module on; a NEW registration gives one NEW
 * proposal per environment whose profiles (offering new registrations) match it, unless an organisation there
 * already follows it. Only the key, the kind and the new snapshot's index fields are decoded to decide this
 * ({@link ChangeEntry}); the whole change when a proposal is raised. Idempotent: proposal ids are deterministic
 * ({@link ProposalIds}). Failures: dead-letter topic, the stream goes on (see MatcherStreams).
 */
final class ChangeRouter implements Processor<String, ChangeEntry, String, ProposalRaised> {

    private static final Logger log = LoggerFactory.getLogger(ChangeRouter.class);

    private final EnvironmentBook environments;
    private final ProfileBook profiles;
    private final Map<ProposalKind, Counter> raised = new java.util.EnumMap<>(ProposalKind.class);
    private ProcessorContext<String, ProposalRaised> context;
    private KeyValueStore<String, Subscribers> subscribers;

    ChangeRouter(EnvironmentBook environments, ProfileBook profiles, MeterRegistry meters) {
        this.environments = environments;
        this.profiles = profiles;
        for (ProposalKind kind : List.of(ProposalKind.UPDATE, ProposalKind.ENDED, ProposalKind.NEW)) {
            raised.put(kind, meters.counter("kvksync.proposals.raised", "kind", kind.name()));
        }
    }

    @Override
    public void init(ProcessorContext<String, ProposalRaised> context) {
        this.context = context;
        this.subscribers = context.getStateStore(MatcherTopology.SUBSCRIBERS);
    }

    @Override
    public void process(Record<String, ChangeEntry> record) {
        ChangeEntry change = record.value();
        if (change == null) {
            return;
        }
        Subscribers followers = subscribers.get(change.registrationKey());
        if (followers == null) {
            followers = Subscribers.NONE;
        }
        switch (change.kind()) {
            case CHANGED -> toSubscribers(record, change, followers, ProposalKind.UPDATE);
            case ENDED -> toSubscribers(record, change, followers, ProposalKind.ENDED);
            case NEW -> toProfiles(record, change, followers);
            default -> log.warn("registration change {} of {} has kind {}: no proposal", change.whole().getEventId(),
                    change.registrationKey(), change.kind());
        }
    }

    private void toSubscribers(Record<String, ChangeEntry> record, ChangeEntry change, Subscribers followers,
            ProposalKind kind) {
        for (Subscribers.Subscriber s : followers.list()) {
            if (environments.advancedModuleOn(s.environmentId())) {
                emit(record, Proposals.forSubscriber(change.whole(), s, kind));
            }
        }
    }

    private void toProfiles(Record<String, ChangeEntry> record, ChangeEntry change, Subscribers followers) {
        if (change.indexView().getStatus() != RegistrationStatus.ACTIVE) {
            return;
        }
        RegistrationFacts facts = RegistrationFacts.of(change.indexView());
        Map<String, List<Proposals.ProfileMatch>> byEnvironment = new LinkedHashMap<>();
        for (CompiledProfile p : profiles.forNewRegistrations().match(facts)) {
            byEnvironment.computeIfAbsent(p.environmentId(), e -> new ArrayList<>())
                    .add(new Proposals.ProfileMatch(p, p.explain(facts)));
        }
        byEnvironment.forEach((env, matches) -> {
            if (environments.advancedModuleOn(env) && !followers.inEnvironment(env)) {
                emit(record, Proposals.forNewRegistration(change.whole(), env, matches));
            }
        });
    }

    private void emit(Record<String, ChangeEntry> cause, ProposalRaised proposal) {
        raised.get(proposal.getKind()).increment();
        context.forward(new Record<>(MatcherTopology.proposalKey(proposal), proposal, cause.timestamp()));
    }
}
