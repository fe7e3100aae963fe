package nl.kvksync.review.proposal;

import java.util.List;

import nl.kvksync.contracts.matcher.ProposalKind;

/**
 * What the list shows and filters on, without the snapshots: kept for every open proposal in
 * {@link ProposalIndex} and stored flat beside the payload in MongoDB.
 *
 * @param raisedAt       when the matcher raised it (epoch millis), the queue's order and the proposal's age
 * @param postcode4      the four digits of the visiting (else postal) postcode, -1 when there is none
 * @param fields         the organisation fields whose KvK value changed
 * @param conflictFields the fields a user edited after the last sync whose value differs from KvK's new value
 */
public record ProposalSummary(String proposalId, String environmentId, String registrationKey, ProposalKind kind,
        String organisationId, ProposalStatus status, long raisedAt, String tradeName, String kvkNummer,
        String city, int postcode4, String sbiCode, String sbiSection, List<String> fields,
        List<String> conflictFields, String decisionId, String failure, String feedId, String importId) {

    public boolean conflict() {
        return !conflictFields.isEmpty();
    }

    /** The slot a proposal occupies: one open proposal per environment and organisation (registration for NEW). */
    public String slot() {
        return slotOf(environmentId, kind, organisationId, registrationKey);
    }

    public static String slotOf(String environmentId, ProposalKind kind, String organisationId,
            String registrationKey) {
        if (kind != ProposalKind.NEW && organisationId != null) {
            return environmentId + "|org|" + organisationId;
        }
        return environmentId + "|reg|" + registrationKey;
    }

    public ProposalSummary with(ProposalStatus newStatus, String newDecisionId, String newFailure) {
        return new ProposalSummary(proposalId, environmentId, registrationKey, kind, organisationId, newStatus,
                raisedAt, tradeName, kvkNummer, city, postcode4, sbiCode, sbiSection, fields, conflictFields,
                newDecisionId, newFailure, feedId, importId);
    }

    public ProposalSummary withDiff(List<String> newFields, List<String> newConflictFields) {
        return new ProposalSummary(proposalId, environmentId, registrationKey, kind, organisationId, status,
                raisedAt, tradeName, kvkNummer, city, postcode4, sbiCode, sbiSection, newFields, newConflictFields,
                decisionId, failure, feedId, importId);
    }
}
