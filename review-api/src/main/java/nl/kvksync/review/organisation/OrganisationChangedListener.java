package nl.kvksync.review.organisation;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.OrganisationChanged;
import nl.kvksync.review.decision.DecisionOutcomes;
import nl.kvksync.review.proposal.ProposalQueue;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes crm.organisation-changed.v1 (key: environmentId:organisationId) into the CRM read model; when the change
 * applied a review decision ({@code decisionId}), confirms it (APPLIED); refreshes the conflict flags of the
 * organisation's open proposal. Idempotent: the read model is written by version, outcomes by state.
 * Failures: three blocking retries, then crm.organisation-changed.v1-dlt.
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
            concurrency = "${kvksync.review.organisations.listener-concurrency:3}")
    void on(OrganisationChanged event) {
        try (var ignored = MDC.putCloseable("organisationId", event.getOrganisationId())) {
            boolean newer = readModel.apply(event);
            if (event.getDecisionId() != null) {
                outcomes.applied(event);
            }
            if (newer) {
                queue.organisationChanged(event.getEnvironmentId(), event.getOrganisationId(),
                        event.getOrganisation());
            }
        }
    }
}
