package nl.kvksync.review.organisation;

import java.util.List;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.OrganisationChanged;
import nl.kvksync.review.decision.DecisionOutcomes;
import nl.kvksync.review.platform.Batches;
import nl.kvksync.review.platform.KafkaConfiguration;
import nl.kvksync.review.proposal.ProposalQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes crm.organisation-changed.v1 (key: environmentId:organisationId) into the CRM read model, a poll at a
 * time; when a change applied a review decision ({@code decisionId}), confirms it (APPLIED); refreshes the conflict
 * flags of the organisation's open proposal. Idempotent: the read model is written by version, outcomes by state.
 * Failures ({@link Batches#inOrder}): an unreadable record goes to crm.organisation-changed.v1-dlt once the records
 * before it are taken in; a failed write is retried three times from the first record of the poll, then that
 * record is dead-lettered and the rest redelivered.
 */
@Component
class OrganisationChangedListener {

    private final OrganisationReadModel readModel;
    private final DecisionOutcomes outcomes;
    private final ProposalQueue queue;

    OrganisationChangedListener(OrganisationReadModel readModel, DecisionOutcomes outcomes, ProposalQueue queue) {
        this.readModel = readModel;
        this.outcomes = outcomes;
        this.queue = queue;
    }

    // One thread per partition: an organisation's changes (key environmentId:organisationId) stay in order on one.
    @KafkaListener(topics = Topics.ORGANISATION_CHANGED,
            concurrency = "${kvksync.review.organisations.listener-concurrency:3}",
            containerFactory = KafkaConfiguration.BATCH_FACTORY)
    void on(List<ConsumerRecord<String, OrganisationChanged>> records) {
        Batches.inOrder(records, event -> null, this::take);
    }

    private void take(List<OrganisationChanged> events) {
        List<Boolean> newer = readModel.applyAll(events);
        outcomes.appliedAll(events);
        for (int i = 0; i < events.size(); i++) {
            if (newer.get(i)) {
                OrganisationChanged event = events.get(i);
                queue.organisationChanged(event.getEnvironmentId(), event.getOrganisationId(),
                        event.getOrganisation());
            }
        }
    }
}
