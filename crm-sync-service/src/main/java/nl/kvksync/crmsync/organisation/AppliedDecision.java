package nl.kvksync.crmsync.organisation;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;

/**
 * A review decision applied to an organisation, kept with the record so that a redelivered decision is recognised
 * and applied at most once. {@code kind} is the proposal kind (for an UNDO: the kind of the decision it undid).
 */
public record AppliedDecision(String decisionId, String proposalId, String decision, String kind, String undoOf,
        long version, Instant appliedAt) {

    Document toBson() {
        return new Document("decisionId", decisionId).append("proposalId", proposalId).append("decision", decision)
                .append("kind", kind).append("undoOf", undoOf).append("version", version)
                .append("appliedAt", Date.from(appliedAt));
    }

    static AppliedDecision fromBson(Document d) {
        return new AppliedDecision(d.getString("decisionId"), d.getString("proposalId"), d.getString("decision"),
                d.getString("kind"), d.getString("undoOf"), ((Number) d.get("version")).longValue(),
                d.getDate("appliedAt").toInstant());
    }
}
