package nl.kvksync.review.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import nl.kvksync.contracts.review.Decision;
import nl.kvksync.contracts.review.ProposalDecided;
import nl.kvksync.review.proposal.ProposalIndex;
import nl.kvksync.review.proposal.ProposalStatus;
import nl.kvksync.review.proposal.ProposalStore;
import nl.kvksync.review.proposal.StoredProposal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The outbox relay: publishes decisions left RECORDED (a send that failed, or a crash between recording and
 * publishing) once they are older than a grace period. A decision whose proposal it does not hold is voided,
 * unless the proposal is still waiting, in which case the admin's decision is completed.
 */
@Component
class DecisionRelay {

    private static final Logger log = LoggerFactory.getLogger(DecisionRelay.class);

    private final DecisionStore decisions;
    private final ProposalStore proposals;
    private final ProposalDecidedPublisher publisher;
    private final ProposalIndex index;

    /**
     * How old a RECORDED decision must be before the relay publishes it: longer than the biggest bulk decision takes
     * to record, publish and mark (a bulk marks its decisions PUBLISHED only after the last acknowledgement), so the
     * relay does not publish them a second time meanwhile (harmless downstream, decision ids are idempotent, but
     * wasteful).
     */
    private final long graceMillis;

    DecisionRelay(DecisionStore decisions, ProposalStore proposals, ProposalDecidedPublisher publisher,
            ProposalIndex index,
            @org.springframework.beans.factory.annotation.Value("${kvksync.review.decisions.relay-grace:PT2M}")
            java.time.Duration grace) {
        this.graceMillis = grace.toMillis();
        this.decisions = decisions;
        this.proposals = proposals;
        this.publisher = publisher;
        this.index = index;
    }

    @Scheduled(initialDelayString = "${kvksync.review.decisions.relay-interval:PT15S}",
            fixedDelayString = "${kvksync.review.decisions.relay-interval:PT15S}")
    void relay() {
        int relayed = relayOnce(System.currentTimeMillis() - graceMillis);
        if (relayed > 0) {
            log.info("relayed {} recorded decisions", relayed);
        }
    }

    int relayOnce(long recordedBefore) {
        List<ProposalDecided> toPublish = new ArrayList<>();
        for (DecisionRecord d : decisions.recordedBefore(recordedBefore, 5000)) {
            if (Decision.UNDO.name().equals(d.decision())) {
                toPublish.add(d.event());
                continue;
            }
            StoredProposal p = proposals.find(d.proposalId()).orElse(null);
            if (p == null) {
                decisions.markVoid(d.decisionId());
            } else if (d.decisionId().equals(p.summary().decisionId())) {
                toPublish.add(d.event());
            } else if (ProposalStatus.DECIDABLE.contains(p.summary().status())) {
                ProposalStatus to = Decision.ACCEPTED.name().equals(d.decision()) ? ProposalStatus.ACCEPTED
                        : ProposalStatus.REJECTED;
                if (!proposals.claimAll(java.util.Map.of(d.proposalId(), d.decisionId()),
                        java.util.Map.of(d.proposalId(), p.summary().status()), to, d.decidedBy())
                        .isEmpty()) {
                    index.put(p.summary().with(to, d.decisionId(), null));
                    toPublish.add(d.event());
                } else {
                    decisions.markVoid(d.decisionId());
                }
            } else {
                decisions.markVoid(d.decisionId());
            }
        }
        if (toPublish.isEmpty()) {
            return 0;
        }
        Set<String> published = publisher.publishAll(toPublish);
        decisions.markPublished(published);
        return published.size();
    }
}
