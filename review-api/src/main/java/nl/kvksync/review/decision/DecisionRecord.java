package nl.kvksync.review.decision;

import java.util.List;

import nl.kvksync.contracts.review.ProposalDecided;
import nl.kvksync.review.platform.AvroBytes;

/**
 * A decision as the {@code decisions} collection holds it: the ProposalDecided to publish, its state and the audit
 * facts (who, when, the fields before and after: proposed at decision time, exact once crm-sync applied it).
 */
record DecisionRecord(String decisionId, String environmentId, String proposalId, String registrationKey,
        String organisationId, String kind, String decision, List<String> acceptedFields, String decidedBy,
        long decidedAt, String reason, String undoOf, DecisionState state, Long appliedAt, String failure,
        List<Change> changes, String tradeName, String undoDecisionId, int undoAttempts, byte[] payload,
        byte[] beforeImage, List<String> changedFields) {

    /** One field before and after (display form). */
    record Change(String field, String before, String after) {
    }

    ProposalDecided event() {
        return AvroBytes.decode(payload, ProposalDecided.class);
    }
}
