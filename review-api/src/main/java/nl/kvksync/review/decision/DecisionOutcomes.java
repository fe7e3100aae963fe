package nl.kvksync.review.decision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import nl.kvksync.contracts.crm.DecisionFailed;
import nl.kvksync.contracts.crm.OrganisationChanged;
import nl.kvksync.contracts.review.Decision;
import nl.kvksync.review.platform.AvroBytes;
import nl.kvksync.review.proposal.ProposalIndex;
import nl.kvksync.review.proposal.ProposalStatus;
import nl.kvksync.review.proposal.ProposalStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/**
 * What crm-sync did with a decision. An OrganisationChanged carrying a decision id APPLIED it (the decision keeps
 * the exact before/after and the before-image for undo; the proposal becomes APPLIED; an applied UNDO marks the
 * undone decision UNDONE). A DecisionFailed FAILED it (the proposal becomes FAILED with the reason and may be
 * accepted again). Conditional on the state left, so a redelivered outcome changes nothing.
 */
@Service
public class DecisionOutcomes {

    private static final Logger log = LoggerFactory.getLogger(DecisionOutcomes.class);

    private final DecisionStore decisions;
    private final ProposalStore proposals;
    private final ProposalIndex index;
    private final Timer latency;

    DecisionOutcomes(DecisionStore decisions, ProposalStore proposals, ProposalIndex index, MeterRegistry meters) {
        this.decisions = decisions;
        this.proposals = proposals;
        this.index = index;
        this.latency = Timer.builder("kvksync.decision.latency")
                .description("from an admin's accept to crm-sync's confirmation (organisation-changed)")
                .publishPercentileHistogram().register(meters);
    }

    /**
     * Confirms the decisions these events applied (the events without a decision id are skipped), in bulk: the
     * decisions read in one query, moved to APPLIED in one bulk write, their proposals to APPLIED in another.
     */
    public void appliedAll(List<OrganisationChanged> events) {
        List<OrganisationChanged> confirming = events.stream().filter(e -> e.getDecisionId() != null).toList();
        if (confirming.isEmpty()) {
            return;
        }
        Map<String, DecisionRecord> known = decisions.findAll(
                confirming.stream().map(OrganisationChanged::getDecisionId).toList());
        List<DecisionStore.Applied> outcomes = new ArrayList<>();
        Map<String, OrganisationChanged> eventByDecision = new HashMap<>();
        for (OrganisationChanged event : confirming) {
            if (!known.containsKey(event.getDecisionId())) {
                log.debug("organisation-changed names decision {} that review-api does not know",
                        event.getDecisionId());
                continue;
            }
            eventByDecision.putIfAbsent(event.getDecisionId(), event);
            outcomes.add(new DecisionStore.Applied(event.getDecisionId(), event.getOrganisationId(),
                    event.getChanges().stream()
                            .map(c -> new DecisionRecord.Change(c.getField(), c.getBefore(), c.getAfter())).toList(),
                    event.getBefore() == null ? null : AvroBytes.encode(event.getBefore()),
                    event.getChanges().stream().map(c -> c.getField()).distinct().toList()));
        }
        Set<String> moved = decisions.markAppliedAll(outcomes);
        long now = System.currentTimeMillis();
        List<ProposalStore.Transition> proposalsApplied = new ArrayList<>();
        for (String decisionId : moved) {
            DecisionRecord decision = known.get(decisionId);
            latency.record(Duration.ofMillis(Math.max(0, now - decision.decidedAt())));
            if (Decision.UNDO.name().equals(decision.decision())) {
                decisions.markUndone(decision.undoOf());
                log.info("undo applied: decision {} undone", decision.undoOf());
            } else {
                proposalsApplied.add(new ProposalStore.Transition(decision.proposalId(),
                        eventByDecision.get(decisionId).getActor(), decisionId));
            }
        }
        proposals.transitionAll(proposalsApplied, Set.of(ProposalStatus.ACCEPTED, ProposalStatus.FAILED),
                ProposalStatus.APPLIED);
        proposalsApplied.forEach(t -> index.remove(t.proposalId()));
        if (!moved.isEmpty()) {
            log.info("{} decisions applied in crm-sync ({} confirmations redelivered or unknown)", moved.size(),
                    confirming.size() - moved.size());
        }
    }

    public void failed(DecisionFailed event) {
        String decisionId = event.getDecisionId();
        try (var d = MDC.putCloseable("decisionId", decisionId);
                var p = MDC.putCloseable("proposalId", event.getProposalId())) {
            DecisionRecord decision = decisions.find(decisionId).orElse(null);
            if (decision == null) {
                log.debug("decision-failed names decision {} that review-api does not know", decisionId);
                return;
            }
            String failure = event.getReason().name() + ": " + event.getDetail();
            if (!decisions.markFailed(decisionId, failure)) {
                log.debug("decision {} already settled", decisionId);
                return;
            }
            log.warn("decision failed in crm-sync: {}", failure);
            if (Decision.UNDO.name().equals(decision.decision())) {
                return;
            }
            if (proposals.transition(decision.proposalId(), java.util.Set.of(ProposalStatus.ACCEPTED),
                    ProposalStatus.FAILED, Updates.combine(Updates.set("failure", failure),
                            Updates.inc("attempts", 1)), "crm-sync", failure)) {
                proposals.find(decision.proposalId()).ifPresent(stored -> index.put(stored.summary()));
            }
        }
    }
}
