package nl.kvksync.review.proposal;

import java.util.List;
import java.util.Optional;

import com.mongodb.client.model.Updates;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.review.organisation.OrganisationReadModel;
import nl.kvksync.review.platform.AvroBytes;
import nl.kvksync.review.sbi.SbiCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Takes proposals into the queue and keeps the one-open-proposal-per-slot rule: a newer proposal supersedes
 * the PENDING or FAILED one in its slot (which keeps its history, status SUPERSEDED, {@code supersededBy});
 * an older one arriving late is stored SUPERSEDED at once. The older proposal is superseded before the newer
 * one is inserted, so a crash in between leaves no slot with two open proposals after redelivery.
 */
@Service
public class ProposalQueue {

    private static final Logger log = LoggerFactory.getLogger(ProposalQueue.class);

    /** What {@link #offer} did. */
    public enum Outcome { QUEUED, SUPERSEDED_OLDER, STORED_AS_SUPERSEDED, DUPLICATE }

    /**
     * Serialises, per organisation, reading its CRM record for a new proposal's diff flags with recomputing them
     * when the record changes ({@link #organisationChanged}, called after the read model was written). Without it
     * a proposal could read the record just before the change and be indexed just after the recomputation looked
     * for it, keeping stale flags for good.
     */
    private final Object[] organisationLocks = new Object[64];

    private final ProposalStore store;
    private final ProposalIndex index;
    private final OrganisationReadModel organisations;
    private final SbiCatalogue sbi;

    ProposalQueue(ProposalStore store, ProposalIndex index, OrganisationReadModel organisations, SbiCatalogue sbi) {
        this.store = store;
        this.index = index;
        this.organisations = organisations;
        this.sbi = sbi;
        for (int i = 0; i < organisationLocks.length; i++) {
            organisationLocks[i] = new Object();
        }
    }

    private Object lockOf(String environmentId, String organisationId) {
        int hash = 31 * environmentId.hashCode() + organisationId.hashCode();
        return organisationLocks[Math.floorMod(hash, organisationLocks.length)];
    }

    public Outcome offer(ProposalRaised event) {
        if (event.getKind() == ProposalKind.UNKNOWN) {
            throw new IllegalArgumentException("proposal " + event.getProposalId() + " has kind UNKNOWN");
        }
        // An open duplicate is caught here; any other duplicate by the unique _id on insert (one round trip less).
        if (index.get(event.getProposalId()).isPresent()) {
            log.debug("duplicate proposal {} skipped", event.getProposalId());
            return Outcome.DUPLICATE;
        }
        if (event.getOrganisationId() == null) {
            return offerLocked(event);
        }
        synchronized (lockOf(event.getEnvironmentId(), event.getOrganisationId())) {
            return offerLocked(event);
        }
    }

    private Outcome offerLocked(ProposalRaised event) {
        Organisation organisation = organisations.find(event.getEnvironmentId(), event.getOrganisationId())
                .orElse(null);
        ProposalSummary summary = ProposalSummaries.of(event, organisation, ProposalStatus.PENDING, sbi);
        Optional<ProposalSummary> open = index.inSlot(summary.slot());
        Outcome outcome = Outcome.QUEUED;
        String supersededBy = null;
        if (open.isPresent()) {
            ProposalSummary older = open.get();
            if (SupersedeRule.newerWins(older.raisedAt(), older.proposalId(), summary.raisedAt(),
                    summary.proposalId())) {
                if (store.transition(older.proposalId(), ProposalStatus.DECIDABLE, ProposalStatus.SUPERSEDED,
                        Updates.set("supersededBy", summary.proposalId()), "system", summary.proposalId())) {
                    log.info("proposal {} supersedes {}", summary.proposalId(), older.proposalId());
                }
                index.remove(older.proposalId());
                outcome = Outcome.SUPERSEDED_OLDER;
            } else {
                supersededBy = older.proposalId();
                summary = summary.with(ProposalStatus.SUPERSEDED, null, null);
                outcome = Outcome.STORED_AS_SUPERSEDED;
            }
        }
        if (!store.insert(summary, AvroBytes.encode(event), supersededBy, "matcher", event.getFeedId())) {
            return Outcome.DUPLICATE;
        }
        index.put(summary);
        return outcome;
    }

    /** Recomputes the diff flags of the open proposal of an organisation whose CRM record changed. */
    public void organisationChanged(String environmentId, String organisationId, Organisation organisation) {
        synchronized (lockOf(environmentId, organisationId)) {
            String slot = ProposalSummary.slotOf(environmentId, ProposalKind.UPDATE, organisationId, null);
            index.inSlot(slot).ifPresent(open -> store.find(open.proposalId()).ifPresent(stored -> {
                ProposalRaised event = stored.event();
                var diff = ThreeWayDiff.of(event.getPrevious(), event.getRegistration(), organisation);
                List<String> fields = ThreeWayDiff.changedFields(diff);
                List<String> conflicts = ThreeWayDiff.conflictFields(diff);
                if (!fields.equals(open.fields()) || !conflicts.equals(open.conflictFields())) {
                    store.updateDiff(open.proposalId(), fields, conflicts);
                    index.get(open.proposalId()).ifPresent(current -> index.put(current.withDiff(fields, conflicts)));
                }
            }));
        }
    }
}
