package nl.kvksync.review.decision;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.DecisionFailed;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes crm.decision-failed.v1 (key: environmentId:registrationKey): the decision becomes FAILED and its
 * proposal FAILED with crm-sync's reason. Idempotent: conditional on the decision's state, a redelivery changes
 * nothing. Failures: three blocking retries, then crm.decision-failed.v1-dlt.
 */
@Component
class DecisionFailedListener {

    private final DecisionOutcomes outcomes;

    DecisionFailedListener(DecisionOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @KafkaListener(topics = Topics.DECISION_FAILED)
    void on(DecisionFailed event) {
        outcomes.failed(event);
    }
}
