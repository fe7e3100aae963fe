package nl.kvksync.crmsync.decision;

import java.util.ArrayList;
import java.util.List;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.review.ProposalDecided;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Consumes review.proposal-decided.v1 (key: environmentId:registrationKey) in batches and applies the decisions to
 * the CRM organisations; publishes crm.organisation-changed.v1 and crm.subscriptions.v1 (key:
 * environmentId:organisationId) and crm.decision-failed.v1 (key: environmentId:registrationKey).
 * Idempotent: a decision's id is stored with the organisation it changed, so a redelivered decision changes nothing
 * (its stored events are re-sent); offsets are committed only after every event of the batch was acknowledged.
 * Failures: a decision that cannot be applied becomes DecisionFailed and is consumed (never a poison loop); an
 * undeserializable record goes to review.proposal-decided.v1-dlt at once; a MongoDB or Kafka outage retries the
 * whole batch with back-off until they are back.
 */
@Component
class ProposalDecidedListener {

    static final String ID = "proposal-decided";
    private static final LogAccessor LOG = new LogAccessor(ProposalDecidedListener.class);

    private final DecisionProcessor processor;

    ProposalDecidedListener(DecisionProcessor processor) {
        this.processor = processor;
    }

    @KafkaListener(id = ID, groupId = "${spring.application.name}", topics = Topics.PROPOSAL_DECIDED,
            containerFactory = DecisionListenerConfiguration.FACTORY,
            properties = "max.poll.records=${kvksync.crmsync.decisions.max-poll-records:500}")
    void on(List<ConsumerRecord<String, Object>> records) {
        List<ProposalDecided> decisions = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            RuntimeException poison = poison(records.get(i));
            if (poison != null) {
                // apply what came before it, then let the error handler dead-letter it and redeliver the rest
                processor.process(decisions);
                throw new BatchListenerFailedException(poison.getMessage(), poison, i);
            }
            decisions.add((ProposalDecided) records.get(i).value());
        }
        processor.process(decisions);
    }

    private static RuntimeException poison(ConsumerRecord<String, Object> record) {
        DeserializationException failed = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
        if (failed != null) {
            return failed;
        }
        if (!(record.value() instanceof ProposalDecided)) {
            return new NotADecision("not a ProposalDecided: "
                    + (record.value() == null ? "null value" : record.value().getClass().getName()));
        }
        return null;
    }

    /** A record on the decisions topic that is no decision (a tombstone or another record type): dead-lettered. */
    static final class NotADecision extends RuntimeException {
        NotADecision(String message) {
            super(message);
        }
    }
}
