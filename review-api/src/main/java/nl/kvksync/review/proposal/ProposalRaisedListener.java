package nl.kvksync.review.proposal;

import java.util.List;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.review.platform.Batches;
import nl.kvksync.review.platform.KafkaConfiguration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes matcher.proposal-raised.v1 (key: environmentId:registrationKey) into the review queue, a poll at a time
 * ({@link ProposalQueue#offerAll}: one organisation query and one bulk insert per poll).
 * Idempotent: the proposal id is deterministic; a replay finds it stored and changes nothing.
 * Failures ({@link Batches#inOrder}): a record that cannot be read or has kind UNKNOWN goes to
 * matcher.proposal-raised.v1-dlt once the records before it are taken in; a failed write is retried three times
 * from the first record of the poll, then that record is dead-lettered and the rest redelivered.
 */
@Component
class ProposalRaisedListener {

    private final ProposalQueue queue;

    ProposalRaisedListener(ProposalQueue queue) {
        this.queue = queue;
    }

    // One thread per partition: a slot (organisation or registration) always lives on one partition.
    @KafkaListener(topics = Topics.PROPOSAL_RAISED, concurrency = "${kvksync.review.proposals.listener-concurrency:3}",
            containerFactory = KafkaConfiguration.BATCH_FACTORY)
    void on(List<ConsumerRecord<String, ProposalRaised>> records) {
        Batches.inOrder(records, event -> event.getKind() == ProposalKind.UNKNOWN
                ? "proposal " + event.getProposalId() + " has kind UNKNOWN" : null, queue::offerAll);
    }
}
