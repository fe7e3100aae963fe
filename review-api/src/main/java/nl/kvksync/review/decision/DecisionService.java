package nl.kvksync.review.decision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import nl.kvksync.contracts.OrganisationFields;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.contracts.review.Decision;
import nl.kvksync.contracts.review.ProposalDecided;
import nl.kvksync.review.platform.AvroBytes;
import nl.kvksync.review.platform.Caller;
import nl.kvksync.review.platform.ProblemException;
import nl.kvksync.review.proposal.ProposalIndex;
import nl.kvksync.review.proposal.ProposalStatus;
import nl.kvksync.review.proposal.ProposalStore;
import nl.kvksync.review.proposal.StoredProposal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/**
 * Records and publishes decisions. The order makes every accepted decision survive a crash: (1) the decision is
 * inserted RECORDED (the outbox), (2) the proposal is claimed by a conditional update (exactly one decision wins
 * it), (3) the event is published, (4) the decision is marked PUBLISHED. A decision left RECORDED is republished
 * by {@link DecisionRelay}. Many proposals are decided with bulk writes, asynchronous sends and one flush; one
 * proposal that cannot be decided is reported, never aborting the rest.
 */
@Service
class DecisionService {

    private static final Logger log = LoggerFactory.getLogger(DecisionService.class);

    /** A proposal that could not be decided, and why (NOT_FOUND, NOT_PENDING, NOT_APPLICABLE, RACE_LOST). */
    record Failure(String proposalId, String reason, String detail) {
    }

    /** A decision taken (or found already taken by the same request). */
    record Decided(String proposalId, String decisionId, String state) {
    }

    record Outcome(List<Decided> decided, List<Failure> failures) {
    }

    private final ProposalStore proposals;
    private final ProposalIndex index;
    private final DecisionStore decisions;
    private final ProposalDecidedPublisher publisher;
    private final MeterRegistry meters;

    DecisionService(ProposalStore proposals, ProposalIndex index, DecisionStore decisions,
            ProposalDecidedPublisher publisher, MeterRegistry meters) {
        this.proposals = proposals;
        this.index = index;
        this.decisions = decisions;
        this.publisher = publisher;
        this.meters = meters;
    }

    /** Accepts or rejects the proposals {@code ids} of {@code env}; {@code fields} (UPDATE only) limit an accept. */
    Outcome decide(String env, List<String> ids, Decision decision, List<String> fields, String reason,
            Caller caller) {
        Set<String> unique = new LinkedHashSet<>(ids);
        Map<String, StoredProposal> stored = proposals.findAll(unique);
        List<Failure> failures = new ArrayList<>();
        List<Decided> decided = new ArrayList<>();
        Map<String, DecisionRecord> candidates = new LinkedHashMap<>();
        Map<String, String> decisionByProposal = new LinkedHashMap<>();
        Map<String, ProposalStatus> seen = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        ProposalStatus target = decision == Decision.ACCEPTED ? ProposalStatus.ACCEPTED : ProposalStatus.REJECTED;
        for (String id : unique) {
            StoredProposal p = stored.get(id);
            if (p == null || !env.equals(p.summary().environmentId())) {
                failures.add(new Failure(id, "NOT_FOUND", "proposal " + id + " not found in environment " + env));
                continue;
            }
            String decisionId = DecisionIds.of(id, decision, p.attempts());
            ProposalStatus status = p.summary().status();
            if (decisionId.equals(p.summary().decisionId())) {
                decided.add(new Decided(id, decisionId, "ALREADY_" + status.name()));
                continue;
            }
            if (!ProposalStatus.DECIDABLE.contains(status)) {
                failures.add(new Failure(id, "NOT_PENDING", "proposal " + id + " is " + status
                        + (p.summary().decisionId() == null ? "" : " (decision " + p.summary().decisionId() + ")")));
                continue;
            }
            if (decision == Decision.ACCEPTED && !fields.isEmpty() && p.summary().kind() != ProposalKind.UPDATE) {
                failures.add(new Failure(id, "NOT_APPLICABLE", "fields can only be chosen for an UPDATE; proposal "
                        + id + " is " + p.summary().kind()));
                continue;
            }
            ProposalRaised event = p.event();
            List<String> accepted = decision == Decision.ACCEPTED && p.summary().kind() == ProposalKind.UPDATE
                    ? List.copyOf(fields) : List.of();
            ProposalDecided out = ProposalDecided.newBuilder()
                    .setEventId(decisionId).setOccurredAt(java.time.Instant.ofEpochMilli(now))
                    .setDecisionId(decisionId).setProposalId(id).setEnvironmentId(env)
                    .setRegistrationKey(event.getRegistrationKey()).setKind(event.getKind()).setDecision(decision)
                    .setOrganisationId(event.getOrganisationId()).setAcceptedFields(accepted)
                    .setRegistration(event.getRegistration())
                    .setOrganisationType(event.getKind() == ProposalKind.NEW ? event.getOrganisationType() : null)
                    .setDecidedBy(caller.subject()).setReason(reason).build();
            candidates.put(id, new DecisionRecord(decisionId, env, id, event.getRegistrationKey(),
                    event.getOrganisationId(), event.getKind().name(), decision.name(), accepted, caller.subject(),
                    now, reason, null, DecisionState.RECORDED, null, null,
                    decision == Decision.ACCEPTED ? proposedChanges(event, accepted, p.summary().fields()) : List.of(),
                    p.summary().tradeName(), null, 0, AvroBytes.encode(out), null, List.of()));
            decisionByProposal.put(id, decisionId);
            seen.put(id, status);
        }
        if (candidates.isEmpty()) {
            return new Outcome(decided, failures);
        }
        decisions.insertAll(candidates.values());
        Set<String> claimed = proposals.claimAll(decisionByProposal, seen, target, caller.subject());
        List<ProposalDecided> toPublish = new ArrayList<>(claimed.size());
        for (DecisionRecord d : candidates.values()) {
            if (claimed.contains(d.proposalId())) {
                toPublish.add(d.event());
                // The index follows the claim before anything is published: crm-sync's confirmation may come back
                // before this request ends, and must find the proposal ACCEPTED (and then remove it), not be undone.
                if (target == ProposalStatus.REJECTED) {
                    index.remove(d.proposalId());
                } else {
                    index.get(d.proposalId()).ifPresent(s -> index.put(s.with(ProposalStatus.ACCEPTED,
                            d.decisionId(), null)));
                }
            } else {
                decisions.markVoid(d.decisionId());
                failures.add(new Failure(d.proposalId(), "RACE_LOST", "proposal " + d.proposalId()
                        + " was decided by someone else meanwhile"));
            }
        }
        Set<String> published = publisher.publishAll(toPublish);
        decisions.markPublished(published);
        for (ProposalDecided d : toPublish) {
            String proposalId = d.getProposalId();
            String state = published.contains(d.getDecisionId()) ? DecisionState.PUBLISHED.name()
                    : DecisionState.RECORDED.name();
            decided.add(new Decided(proposalId, d.getDecisionId(), state));
            try (var p = MDC.putCloseable("proposalId", proposalId);
                    var dd = MDC.putCloseable("decisionId", d.getDecisionId())) {
                log.info("{} by {} ({})", decision, caller.subject(), state);
            }
        }
        meters.counter("kvksync.decisions", "decision", decision.name()).increment(toPublish.size());
        return new Outcome(decided, failures);
    }

    /** Publishes an UNDO of an applied decision: its before-image and the fields it changed are put back. */
    Decided undo(String env, String decisionId, Caller caller) {
        DecisionRecord original = decisions.find(decisionId).filter(d -> env.equals(d.environmentId()))
                .orElseThrow(() -> ProblemException.notFound("decision", "decision " + decisionId
                        + " not found in environment " + env));
        if (!Decision.ACCEPTED.name().equals(original.decision())) {
            throw ProblemException.conflict("decision-not-undoable", "only an accepted decision can be undone; "
                    + decisionId + " is " + original.decision(), Map.of("decision", original.decision()));
        }
        String previousUndo = original.undoDecisionId();
        int attempt = original.undoAttempts();
        if (previousUndo != null) {
            DecisionRecord undo = decisions.find(previousUndo).orElse(null);
            if (undo != null && undo.state() != DecisionState.FAILED && undo.state() != DecisionState.VOID) {
                return new Decided(original.proposalId(), previousUndo, "ALREADY_" + undo.state().name());
            }
            attempt++;
        }
        if (original.state() != DecisionState.APPLIED) {
            throw ProblemException.conflict("decision-not-applied", "decision " + decisionId + " is "
                    + original.state() + "; only an applied decision can be undone",
                    Map.of("state", original.state().name()));
        }
        String undoId = DecisionIds.of(decisionId, Decision.UNDO, attempt);
        ProposalDecided accepted = original.event();
        Organisation before = original.beforeImage() == null ? null
                : AvroBytes.decode(original.beforeImage(), Organisation.class);
        long now = System.currentTimeMillis();
        ProposalDecided out = ProposalDecided.newBuilder(accepted)
                .setEventId(undoId).setOccurredAt(java.time.Instant.ofEpochMilli(now)).setDecisionId(undoId)
                .setDecision(Decision.UNDO).setOrganisationId(original.organisationId()).setAcceptedFields(List.of())
                .setUndoOf(decisionId).setRestore(before).setRestoreFields(original.changedFields())
                .setDecidedBy(caller.subject()).setReason(null).build();
        List<DecisionRecord.Change> reverse = original.changes().stream()
                .map(c -> new DecisionRecord.Change(c.field(), c.after(), c.before())).toList();
        DecisionRecord undo = new DecisionRecord(undoId, env, original.proposalId(), original.registrationKey(),
                original.organisationId(), original.kind(), Decision.UNDO.name(), List.of(), caller.subject(), now,
                null, decisionId, DecisionState.RECORDED, null, null, reverse, original.tradeName(), null, 0,
                AvroBytes.encode(out), null, original.changedFields());
        decisions.insert(undo);
        if (!decisions.linkUndo(decisionId, undoId, previousUndo)) {
            decisions.markVoid(undoId);
            throw ProblemException.conflict("undo-in-progress", "decision " + decisionId
                    + " is being undone by another request", Map.of());
        }
        Set<String> published = publisher.publishAll(List.of(out));
        decisions.markPublished(published);
        try (var dd = MDC.putCloseable("decisionId", undoId)) {
            log.info("UNDO of {} by {}", decisionId, caller.subject());
        }
        meters.counter("kvksync.decisions", "decision", Decision.UNDO.name()).increment();
        return new Decided(original.proposalId(), undoId, published.isEmpty() ? DecisionState.RECORDED.name()
                : DecisionState.PUBLISHED.name());
    }

    /** The fields as proposed (previous KvK value -> new KvK value); replaced by crm-sync's exact changes on APPLIED. */
    static List<DecisionRecord.Change> proposedChanges(ProposalRaised event, List<String> accepted,
            List<String> changedFields) {
        if (event.getKind() == ProposalKind.ENDED) {
            return List.of(new DecisionRecord.Change("status", "ACTIVE", "FORMER"));
        }
        Map<String, String> next = OrganisationFields.of(event.getRegistration());
        Map<String, String> previous = event.getPrevious() == null ? Map.of()
                : OrganisationFields.of(event.getPrevious());
        List<String> fields = !accepted.isEmpty() ? accepted
                : event.getKind() == ProposalKind.NEW
                        ? next.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList()
                        : changedFields;
        return fields.stream().map(f -> new DecisionRecord.Change(f, previous.get(f), next.get(f))).toList();
    }
}
