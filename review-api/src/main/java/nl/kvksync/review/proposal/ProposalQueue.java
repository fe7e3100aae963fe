package nl.kvksync.review.proposal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

import com.mongodb.client.model.Updates;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.review.organisation.OrganisationReadModel;
import nl.kvksync.review.platform.AvroBytes;
import nl.kvksync.review.proposal.ProposalStore.NewProposal;
import nl.kvksync.review.sbi.SbiCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Takes proposals into the queue and keeps the one-open-proposal-per-slot rule: a newer proposal supersedes
 * the PENDING or FAILED one in its slot (which keeps its history, status SUPERSEDED, {@code supersededBy});
 * an older one arriving late is stored SUPERSEDED at once. The older proposal is superseded before the newer
 * one is inserted, so a crash in between leaves no slot with two open proposals after redelivery.
 *
 * <p>Proposals are taken in batches (a listener's poll): the organisations they concern are read in one query and
 * the new proposals inserted in one bulk write; within the batch the rule is applied in order, a proposal
 * superseded by a later one of the same batch being stored SUPERSEDED with both history entries.
 */
@Service
public class ProposalQueue {

    private static final Logger log = LoggerFactory.getLogger(ProposalQueue.class);

    /** What {@link #offerAll} did with each proposal. */
    public enum Outcome { QUEUED, SUPERSEDED_OLDER, STORED_AS_SUPERSEDED, DUPLICATE }

    /**
     * Serialises, per organisation, reading its CRM record for a new proposal's diff flags with recomputing them
     * when the record changes ({@link #organisationChanged}, called after the read model was written). Without it
     * a proposal could read the record just before the change and be indexed just after the recomputation looked
     * for it, keeping stale flags for good. A batch takes the stripes of all its organisations in ascending order.
     */
    private final ReentrantLock[] organisationLocks = new ReentrantLock[64];

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
            organisationLocks[i] = new ReentrantLock();
        }
    }

    private int stripeOf(String environmentId, String organisationId) {
        return Math.floorMod(31 * environmentId.hashCode() + organisationId.hashCode(), organisationLocks.length);
    }

    /** Takes a batch in, in order; the outcomes in the same order. Throws on an UNKNOWN kind before any write. */
    public List<Outcome> offerAll(List<ProposalRaised> events) {
        Set<Integer> stripes = new TreeSet<>();
        for (ProposalRaised event : events) {
            if (event.getKind() == ProposalKind.UNKNOWN) {
                throw new IllegalArgumentException("proposal " + event.getProposalId() + " has kind UNKNOWN");
            }
            if (event.getOrganisationId() != null) {
                stripes.add(stripeOf(event.getEnvironmentId(), event.getOrganisationId()));
            }
        }
        List<ReentrantLock> held = new ArrayList<>(stripes.size());
        try {
            for (int stripe : stripes) {
                organisationLocks[stripe].lock();
                held.add(organisationLocks[stripe]);
            }
            return offerLocked(events);
        } finally {
            held.forEach(ReentrantLock::unlock);
        }
    }

    private List<Outcome> offerLocked(List<ProposalRaised> events) {
        Map<String, Map<String, Organisation>> organisationsByEnvironment = organisationsOf(events);
        List<Outcome> outcomes = new ArrayList<>(events.size());
        // The batch's proposals to insert, and the open proposal per slot as the batch leaves it (once touched).
        Map<String, NewProposal> inserts = new LinkedHashMap<>();
        Map<String, ProposalSummary> openInBatch = new HashMap<>();
        for (ProposalRaised event : events) {
            String id = event.getProposalId();
            // An open duplicate is caught here; any other duplicate by the unique _id on insert.
            if (index.get(id).isPresent() || inserts.containsKey(id)) {
                log.debug("duplicate proposal {} skipped", id);
                outcomes.add(Outcome.DUPLICATE);
                continue;
            }
            Organisation organisation = event.getOrganisationId() == null ? null
                    : organisationsByEnvironment.get(event.getEnvironmentId()).get(event.getOrganisationId());
            ProposalSummary summary = ProposalSummaries.of(event, organisation, ProposalStatus.PENDING, sbi);
            String slot = summary.slot();
            Optional<ProposalSummary> open = openInBatch.containsKey(slot) ? Optional.of(openInBatch.get(slot))
                    : index.inSlot(slot);
            NewProposal insert = NewProposal.of(summary, AvroBytes.encode(event), null, "matcher", event.getFeedId());
            Outcome outcome = Outcome.QUEUED;
            if (open.isPresent()) {
                ProposalSummary older = open.get();
                if (SupersedeRule.newerWins(older.raisedAt(), older.proposalId(), summary.raisedAt(), id)) {
                    NewProposal olderInBatch = inserts.get(older.proposalId());
                    if (olderInBatch != null) {
                        inserts.put(older.proposalId(), olderInBatch.supersededBy(id));
                    } else {
                        if (store.transition(older.proposalId(), ProposalStatus.DECIDABLE, ProposalStatus.SUPERSEDED,
                                Updates.set("supersededBy", id), "system", id)) {
                            log.info("proposal {} supersedes {}", id, older.proposalId());
                        }
                        index.remove(older.proposalId());
                    }
                    openInBatch.put(slot, summary);
                    outcome = Outcome.SUPERSEDED_OLDER;
                } else {
                    insert = NewProposal.of(summary.with(ProposalStatus.SUPERSEDED, null, null),
                            insert.payload(), older.proposalId(), "matcher", event.getFeedId());
                    outcome = Outcome.STORED_AS_SUPERSEDED;
                }
            } else {
                openInBatch.put(slot, summary);
            }
            inserts.put(id, insert);
            outcomes.add(outcome);
        }
        List<NewProposal> batch = new ArrayList<>(inserts.values());
        Set<String> duplicates = store.insertAll(batch);
        for (NewProposal p : batch) {
            if (!duplicates.contains(p.summary().proposalId())) {
                index.put(p.summary());
            }
        }
        for (int i = 0; i < events.size(); i++) {
            if (duplicates.contains(events.get(i).getProposalId())) {
                outcomes.set(i, Outcome.DUPLICATE);
            }
        }
        return outcomes;
    }

    private Map<String, Map<String, Organisation>> organisationsOf(List<ProposalRaised> events) {
        Map<String, Set<String>> ids = new HashMap<>();
        for (ProposalRaised event : events) {
            Set<String> ofEnvironment = ids.computeIfAbsent(event.getEnvironmentId(), e -> new TreeSet<>());
            if (event.getOrganisationId() != null) {
                ofEnvironment.add(event.getOrganisationId());
            }
        }
        Map<String, Map<String, Organisation>> found = new HashMap<>();
        ids.forEach((environmentId, organisationIds) ->
                found.put(environmentId, organisations.findAll(environmentId, organisationIds)));
        return found;
    }

    /** Recomputes the diff flags of the open proposal of an organisation whose CRM record changed. */
    public void organisationChanged(String environmentId, String organisationId, Organisation organisation) {
        ReentrantLock lock = organisationLocks[stripeOf(environmentId, organisationId)];
        lock.lock();
        try {
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
        } finally {
            lock.unlock();
        }
    }
}
