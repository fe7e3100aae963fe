package nl.kvksync.review.proposal;

import java.util.List;

import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.review.platform.AvroBytes;

/** A proposal as MongoDB holds it: its summary, the event it came from, its attempts and history. */
public record StoredProposal(ProposalSummary summary, byte[] payload, int attempts, String supersededBy,
        List<HistoryEntry> history) {

    /** One step of the lifecycle: when, to which status, by whom, with what note (decision id, reason). */
    public record HistoryEntry(long at, String status, String by, String note) {
    }

    public ProposalRaised event() {
        return AvroBytes.decode(payload, ProposalRaised.class);
    }
}
