package nl.kvksync.review.decision;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** The JSON shapes of the decision and audit API. */
final class DecisionViews {

    private DecisionViews() {
    }

    @Schema(description = "Accept a proposal; fields (UPDATE only, organisation field names) limit what is taken "
            + "from KvK, empty or absent = every field")
    record AcceptRequest(List<String> fields) {
    }

    @Schema(description = "Reject a proposal, with the reason")
    record RejectRequest(String reason) {
    }

    @Schema(description = "A bulk selection: a filter (the list's filters; status PENDING or FAILED) or ids, not both")
    record BulkRequest(Map<String, Object> filter, List<String> ids, String reason) {
    }

    @Schema(description = "What a bulk selection would decide")
    record BulkPreview(long count, Map<String, Long> byKind, long conflicts, List<String> sample) {
    }

    @Schema(description = "The result of a bulk decision: what was decided, and every proposal that was not, with why")
    record BulkResult(int requested, int decided, int failed, List<DecisionService.Failure> failures,
            List<DecisionService.Decided> decisions, boolean decisionsTruncated) {
    }

    @Schema(description = "One decision with who, when, and the fields before and after")
    record AuditEntry(String decisionId, String decision, String kind, String state, String proposalId,
            String registrationKey, String organisationId, String tradeName, String decidedBy, Instant decidedAt,
            String reason, List<String> acceptedFields, List<DecisionRecord.Change> changes, Instant appliedAt,
            String failure, String undoOf, String undoDecisionId) {

        static AuditEntry of(DecisionRecord d) {
            return new AuditEntry(d.decisionId(), d.decision(), d.kind(), d.state().name(), d.proposalId(),
                    d.registrationKey(), d.organisationId(), d.tradeName(), d.decidedBy(),
                    Instant.ofEpochMilli(d.decidedAt()), d.reason(), d.acceptedFields(), d.changes(),
                    d.appliedAt() == null ? null : Instant.ofEpochMilli(d.appliedAt()), d.failure(), d.undoOf(),
                    d.undoDecisionId());
        }
    }

    @Schema(description = "A page of the audit trail, newest first")
    record AuditPage(List<AuditEntry> items, int page, int size, long total) {
    }
}
