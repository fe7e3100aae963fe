package nl.kvksync.review.proposal;

import java.util.EnumSet;
import java.util.Set;

/** The lifecycle of a proposal: PENDING -> ACCEPTED -> APPLIED, or REJECTED, SUPERSEDED, FAILED. */
public enum ProposalStatus {
    PENDING, ACCEPTED, APPLIED, REJECTED, SUPERSEDED, FAILED;

    /** The statuses the in-memory index keeps: still waiting for an admin or for crm-sync. */
    public static final Set<ProposalStatus> OPEN = EnumSet.of(PENDING, ACCEPTED, FAILED);

    /** The statuses an admin can decide on (FAILED may be accepted again, with a new decision). */
    public static final Set<ProposalStatus> DECIDABLE = EnumSet.of(PENDING, FAILED);

    public boolean open() {
        return OPEN.contains(this);
    }
}
