package nl.kvksync.crmsync.decision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.DecisionFailed;
import nl.kvksync.contracts.crm.FailureReason;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.review.Decision;
import nl.kvksync.contracts.review.ProposalDecided;
import nl.kvksync.crmsync.decision.DecisionApplier.Applied;
import nl.kvksync.crmsync.decision.DecisionApplier.Duplicate;
import nl.kvksync.crmsync.decision.DecisionApplier.Event;
import nl.kvksync.crmsync.decision.DecisionApplier.Failed;
import nl.kvksync.crmsync.decision.DecisionApplier.Ignored;
import nl.kvksync.crmsync.decision.DecisionApplier.Outcome;
import nl.kvksync.crmsync.environment.EnvironmentDocument;
import nl.kvksync.crmsync.environment.Environments;
import nl.kvksync.crmsync.organisation.OrganisationDocument;
import nl.kvksync.crmsync.organisation.OrganisationStore;
import nl.kvksync.crmsync.organisation.Organisations;
import nl.kvksync.crmsync.outbox.Outbox;
import nl.kvksync.crmsync.outbox.OutboxEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Applies a batch of decisions with a handful of round trips whatever its size: one read of the environments, one
 * of the organisations, one of the link holders, one unordered bulk write, one burst of sends, one bulk clear.
 * <ol>
 * <li>Each decision is applied in memory, in order ({@link DecisionApplier}); several decisions on one
 * organisation chain on the same copy. The events of a change are stored in the organisation's outbox.</li>
 * <li>Every changed organisation is written conditionally on the version it was read at. Organisations a user
 * changed meanwhile miss the write; their decisions are read and applied again (optimistic locking with retry),
 * the others stand.</li>
 * <li>The stored events, the events a crash left in loaded organisations, and a {@code DecisionFailed} per failed
 * decision are sent; the method returns only when Kafka acknowledged all of them, so the listener commits offsets
 * only then. The sent events are then removed from the outboxes.</li>
 * </ol>
 * A crash anywhere redelivers the batch: applied decisions are recognised by their id on the organisation
 * (nothing is applied twice) and their stored events are sent again (nothing is lost).
 */
@Component
class DecisionProcessor {

    private static final Logger log = LoggerFactory.getLogger(DecisionProcessor.class);

    /** One decision and what it came to. */
    record Result(ProposalDecided decision, String organisationId, Outcome outcome) {
    }

    /** What one batch did, for logs and tests. */
    record Summary(int applied, int duplicates, int ignored, int failed, int rounds) {
    }

    private record Round(List<Result> results, List<OrganisationDocument> changed,
            List<OrganisationDocument> loadedWithEvents) {
    }

    private final OrganisationStore store;
    private final Environments environments;
    private final Outbox outbox;
    private final DecisionMetrics metrics;
    private final DecisionProperties properties;
    private final Clock clock;

    DecisionProcessor(OrganisationStore store, Environments environments, Outbox outbox, DecisionMetrics metrics,
            DecisionProperties properties, Clock clock) {
        this.store = store;
        this.environments = environments;
        this.outbox = outbox;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    /** Applies {@code decisions} in order; returns when every effect is stored and every event acknowledged. */
    Summary process(List<ProposalDecided> decisions) {
        if (decisions.isEmpty()) {
            return new Summary(0, 0, 0, 0, 0);
        }
        Instant started = clock.instant();
        List<Result> results = new ArrayList<>(decisions.size());
        Map<String, OrganisationDocument> toRelay = new LinkedHashMap<>();
        List<ProposalDecided> pending = decisions;
        int rounds = 0;
        while (!pending.isEmpty()) {
            if (++rounds > properties.conflictAttempts()) {
                throw new IllegalStateException(pending.size() + " decisions kept meeting concurrent changes after "
                        + properties.conflictAttempts() + " rounds");
            }
            Round round = round(pending, clock.instant());
            Set<String> missed = store.saveAll(round.changed()).block();
            List<ProposalDecided> again = new ArrayList<>();
            for (Result result : round.results()) {
                if (result.organisationId() != null && missed.contains(result.organisationId())) {
                    again.add(result.decision());
                } else {
                    results.add(result);
                }
            }
            for (OrganisationDocument changed : round.changed()) {
                if (!missed.contains(changed.id())) {
                    toRelay.put(changed.id(), changed);
                }
            }
            for (OrganisationDocument loaded : round.loadedWithEvents()) {
                toRelay.putIfAbsent(loaded.id(), loaded);
            }
            if (!missed.isEmpty()) {
                metrics.conflicts(missed.size());
                log.info("{} organisation(s) changed concurrently; applying their {} decision(s) again", missed.size(),
                        again.size());
            }
            pending = again;
        }
        publish(toRelay.values(), results);
        Instant done = clock.instant();
        Summary summary = count(results, done, rounds);
        metrics.batch(Duration.between(started, done));
        log.debug("batch of {}: {}", decisions.size(), summary);
        return summary;
    }

    private Round round(List<ProposalDecided> pending, Instant now) {
        Set<String> environmentIds = new HashSet<>();
        Set<String> targets = new HashSet<>();
        Set<String> linkKeys = new HashSet<>();
        for (ProposalDecided d : pending) {
            environmentIds.add(d.getEnvironmentId());
            String target = DecisionApplier.targetId(d);
            if (target != null) {
                targets.add(target);
            }
            if (isNew(d)) {
                linkKeys.add(OrganisationDocument.linkKey(d.getEnvironmentId(), d.getRegistrationKey()));
            }
        }
        Map<String, EnvironmentDocument> envs = environments.findAll(environmentIds).block();
        Map<String, OrganisationDocument> loaded = store.findAll(targets).block();
        Map<String, OrganisationDocument> holders = new HashMap<>(store.findLinked(linkKeys).block());
        Map<String, OrganisationDocument> working = new HashMap<>(loaded);
        Map<String, OrganisationDocument> changed = new LinkedHashMap<>();
        List<Result> results = new ArrayList<>(pending.size());
        for (ProposalDecided d : pending) {
            String target = DecisionApplier.targetId(d);
            Outcome outcome = decide(d, envs.get(d.getEnvironmentId()), target == null ? null : working.get(target),
                    isNew(d) ? holders.get(OrganisationDocument.linkKey(d.getEnvironmentId(), d.getRegistrationKey()))
                            : null, now);
            if (outcome instanceof Applied applied) {
                OrganisationDocument document = applied.document();
                OrganisationDocument before = working.get(target);
                for (Event event : applied.events()) {
                    document.addEvent(outbox.entry(event.topic(), event.key(), event.eventId(), event.value(), now));
                }
                working.put(target, document);
                changed.put(target, document);
                if (before != null && before.linkKey() != null && !before.linkKey().equals(document.linkKey())) {
                    holders.remove(before.linkKey());
                }
                if (document.linkKey() != null) {
                    holders.put(document.linkKey(), document);
                }
            }
            results.add(new Result(d, target, outcome));
        }
        List<OrganisationDocument> loadedWithEvents = loaded.values().stream()
                .filter(doc -> !doc.outbox().isEmpty() && !changed.containsKey(doc.id())).toList();
        return new Round(results, List.copyOf(changed.values()), loadedWithEvents);
    }

    /** The pure decision, with the decision's ids in the MDC; a bug in it fails this decision only. */
    private static Outcome decide(ProposalDecided d, EnvironmentDocument environment, OrganisationDocument current,
            OrganisationDocument holder, Instant now) {
        try (MDC.MDCCloseable a = MDC.putCloseable("decisionId", d.getDecisionId());
                MDC.MDCCloseable b = MDC.putCloseable("proposalId", d.getProposalId())) {
            try {
                Outcome outcome = DecisionApplier.apply(d, environment, current, holder, now);
                if (outcome instanceof Failed failed) {
                    log.info("decision {} ({} {}) not applied: {} {}", d.getDecisionId(), d.getDecision(),
                            d.getKind(), failed.reason(), failed.detail());
                } else if (outcome instanceof Duplicate) {
                    log.debug("decision {} already applied; skipped", d.getDecisionId());
                }
                return outcome;
            } catch (RuntimeException e) {
                log.error("decision {} could not be applied", d.getDecisionId(), e);
                return new Failed(FailureReason.OTHER, "could not be applied: " + e, DecisionApplier.targetId(d));
            }
        }
    }

    private void publish(Iterable<OrganisationDocument> documents, List<Result> results) {
        Instant now = clock.instant();
        List<OutboxEntry> entries = new ArrayList<>();
        Map<String, List<String>> sent = new LinkedHashMap<>();
        for (OrganisationDocument document : documents) {
            List<OutboxEntry> stored = document.outbox();
            entries.addAll(stored);
            sent.put(document.id(), stored.stream().map(OutboxEntry::eventId).toList());
        }
        for (Result result : results) {
            if (result.outcome() instanceof Failed failed) {
                entries.add(failure(result.decision(), failed, now));
            }
        }
        if (entries.isEmpty()) {
            return;
        }
        outbox.sendAndWait(entries);
        outbox.clear(OrganisationStore.COLLECTION, sent).block();
    }

    private OutboxEntry failure(ProposalDecided d, Failed failed, Instant now) {
        String eventId = Organisations.derivedId("decision-failed", d.getDecisionId());
        DecisionFailed event = DecisionFailed.newBuilder().setEventId(eventId).setOccurredAt(now)
                .setEnvironmentId(d.getEnvironmentId()).setRegistrationKey(d.getRegistrationKey())
                .setDecisionId(d.getDecisionId()).setProposalId(d.getProposalId())
                .setOrganisationId(failed.organisationId()).setReason(failed.reason()).setDetail(failed.detail())
                .build();
        return outbox.entry(Topics.DECISION_FAILED, Topics.tenantKey(d.getEnvironmentId(), d.getRegistrationKey()),
                eventId, event, now);
    }

    private Summary count(List<Result> results, Instant done, int rounds) {
        int applied = 0;
        int duplicates = 0;
        int ignored = 0;
        int failed = 0;
        for (Result result : results) {
            Outcome outcome = result.outcome();
            if (outcome instanceof Applied) {
                applied++;
                metrics.applied(result.decision(), done);
            } else if (outcome instanceof Duplicate) {
                duplicates++;
                metrics.duplicate();
            } else if (outcome instanceof Ignored) {
                ignored++;
                metrics.ignored();
            } else if (outcome instanceof Failed f) {
                failed++;
                metrics.failed(result.decision(), f.reason().name());
            }
        }
        return new Summary(applied, duplicates, ignored, failed, rounds);
    }

    private static boolean isNew(ProposalDecided d) {
        return d.getDecision() == Decision.ACCEPTED && d.getKind() == ProposalKind.NEW;
    }
}
