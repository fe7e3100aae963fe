package nl.kvksync.review.proposal;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.matcher.ProposalRaised;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes matcher.proposal-raised.v1 (key: environmentId:registrationKey) into the review queue.
 * Idempotent: the proposal id is deterministic; a replay finds it stored and changes nothing.
 * Failures: three blocking retries, then matcher.proposal-raised.v1-dlt (an UNKNOWN kind goes there at once).
 */
@Component
class ProposalRaisedListener {

    private final ProposalQueue queue;

    ProposalRaisedListener(ProposalQueue queue) {
        this.queue = queue;
    }

    // One thread per partition: a slot (organisation or registration) always lives on one partition.
    @KafkaListener(topics = Topics.PROPOSAL_RAISED, concurrency = "${kvksync.review.proposals.listener-concurrency:3}")
    void on(ProposalRaised event) {
        try (var ignored = MDC.putCloseable("proposalId", event.getProposalId())) {
            queue.offer(event);
        }
    }
}
