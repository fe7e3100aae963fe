package nl.kvksync.crmsync.organisation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.crm.SubscriptionOrigin;
import nl.kvksync.crmsync.outbox.OutboxEntry;
import org.bson.Document;

/**
 * One CRM organisation as stored in the {@code organisations} collection: its snapshot in the shape of the
 * {@code Organisation} contract (fields, status, KvK link, subscription flag, provenance per field, version), plus
 * what only this service needs — a soft-delete mark (a tombstone keeps applied decisions recognisable), how the
 * subscription came to be, the decisions applied to it and the events not yet confirmed sent (outbox).
 * <p>
 * Mutable on purpose: a change works on a {@link #copy()} and is written conditionally on the version it was read
 * at ({@link #storedVersion()}).
 */
public final class OrganisationDocument {

    private final Organisation state;
    private boolean deleted;
    private Instant deletedAt;
    private SubscriptionOrigin subscriptionOrigin;
    private String createdBy;
    private final List<AppliedDecision> decisions;
    private final List<OutboxEntry> outbox;
    private final long storedVersion;

    private OrganisationDocument(Organisation state, boolean deleted, Instant deletedAt,
            SubscriptionOrigin subscriptionOrigin, String createdBy, List<AppliedDecision> decisions,
            List<OutboxEntry> outbox, long storedVersion) {
        this.state = state;
        this.deleted = deleted;
        this.deletedAt = deletedAt;
        this.subscriptionOrigin = subscriptionOrigin;
        this.createdBy = createdBy;
        this.decisions = decisions;
        this.outbox = outbox;
        this.storedVersion = storedVersion;
    }

    /** A new organisation, not yet stored; {@code state} carries version 1. */
    public static OrganisationDocument created(Organisation state, String createdBy, SubscriptionOrigin origin) {
        return new OrganisationDocument(state, false, null, origin, createdBy, new ArrayList<>(), new ArrayList<>(), 0);
    }

    /** A deep copy to change; it remembers the version this one was stored at. */
    public OrganisationDocument copy() {
        return new OrganisationDocument(Organisations.copy(state), deleted, deletedAt, subscriptionOrigin, createdBy,
                new ArrayList<>(decisions), new ArrayList<>(outbox), storedVersion);
    }

    public String id() {
        return state.getOrganisationId();
    }

    public String environmentId() {
        return state.getEnvironmentId();
    }

    /** The live snapshot; change it only on a copy. */
    public Organisation state() {
        return state;
    }

    public long version() {
        return state.getVersion();
    }

    /** The version this document had in MongoDB when it was read; 0 for one never stored. */
    public long storedVersion() {
        return storedVersion;
    }

    public boolean isNew() {
        return storedVersion == 0;
    }

    public boolean deleted() {
        return deleted;
    }

    public Instant deletedAt() {
        return deletedAt;
    }

    public SubscriptionOrigin subscriptionOrigin() {
        return subscriptionOrigin;
    }

    public String createdBy() {
        return createdBy;
    }

    public List<AppliedDecision> decisions() {
        return List.copyOf(decisions);
    }

    public List<OutboxEntry> outbox() {
        return List.copyOf(outbox);
    }

    public boolean hasApplied(String decisionId) {
        return applied(decisionId).isPresent();
    }

    public Optional<AppliedDecision> applied(String decisionId) {
        return decisions.stream().filter(d -> d.decisionId().equals(decisionId)).findFirst();
    }

    /** The UNDO decision that already undid {@code decisionId}, if any. */
    public Optional<AppliedDecision> undoneBy(String decisionId) {
        return decisions.stream().filter(d -> decisionId.equals(d.undoOf())).findFirst();
    }

    /** The key that makes one live organisation per environment and registration: null when unlinked or deleted. */
    public String linkKey() {
        return deleted || state.getRegistrationKey() == null ? null
                : linkKey(state.getEnvironmentId(), state.getRegistrationKey());
    }

    public static String linkKey(String environmentId, String registrationKey) {
        return environmentId + "|" + registrationKey;
    }

    /** Next version, stamped with the time of the change. */
    public void bump(Instant now) {
        state.setVersion(state.getVersion() + 1);
        state.setUpdatedAt(now);
    }

    public void markDeleted(Instant now) {
        deleted = true;
        deletedAt = now;
    }

    public void subscribe(String registrationKey, SubscriptionOrigin origin) {
        state.setRegistrationKey(registrationKey);
        state.setSubscribed(true);
        subscriptionOrigin = origin;
    }

    public void unsubscribe() {
        state.setSubscribed(false);
    }

    public void recordDecision(AppliedDecision decision) {
        decisions.add(decision);
    }

    public void addEvent(OutboxEntry entry) {
        outbox.add(entry);
    }

    Document toBson(String writeId) {
        Document d = AvroBson.toBson(state);
        d.put("_id", state.getOrganisationId());
        d.put("deleted", deleted);
        d.put("deletedAt", deletedAt == null ? null : Date.from(deletedAt));
        d.put("subscriptionOrigin", subscriptionOrigin == null ? null : subscriptionOrigin.name());
        d.put("createdBy", createdBy);
        d.put("decisions", decisions.stream().map(AppliedDecision::toBson).toList());
        d.put("outbox", outbox.stream().map(OutboxEntry::toBson).toList());
        d.put("writeId", writeId);
        String linkKey = linkKey();
        if (linkKey != null) {
            d.put("linkKey", linkKey);
        }
        return d;
    }

    static OrganisationDocument fromBson(Document d) {
        Organisation state = AvroBson.fromBson(d, Organisation.getClassSchema());
        String origin = d.getString("subscriptionOrigin");
        Date deletedAt = d.getDate("deletedAt");
        List<AppliedDecision> decisions = new ArrayList<>();
        for (Document decision : d.getList("decisions", Document.class, List.of())) {
            decisions.add(AppliedDecision.fromBson(decision));
        }
        List<OutboxEntry> outbox = new ArrayList<>();
        for (Document entry : d.getList("outbox", Document.class, List.of())) {
            outbox.add(OutboxEntry.fromBson(entry));
        }
        return new OrganisationDocument(state, Boolean.TRUE.equals(d.getBoolean("deleted")),
                deletedAt == null ? null : deletedAt.toInstant(),
                origin == null ? null : SubscriptionOrigin.valueOf(origin), d.getString("createdBy"), decisions, outbox,
                state.getVersion());
    }
}
