package nl.kvksync.crmsync.decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import nl.kvksync.contracts.OrganisationFields;
import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.ChangeSource;
import nl.kvksync.contracts.crm.FailureReason;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.crm.OrganisationChangeKind;
import nl.kvksync.contracts.crm.OrganisationStatus;
import nl.kvksync.contracts.crm.SubscriptionOrigin;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.review.Decision;
import nl.kvksync.contracts.review.ProposalDecided;
import nl.kvksync.crmsync.environment.EnvironmentDocument;
import nl.kvksync.crmsync.organisation.AppliedDecision;
import nl.kvksync.crmsync.organisation.OrganisationDocument;
import nl.kvksync.crmsync.organisation.Organisations;
import org.apache.avro.specific.SpecificRecord;

/**
 * Decides what one review decision does to one organisation — pure logic, no I/O: given the decision, its
 * environment, the organisation as it is now and (for NEW) the organisation already linked to the registration,
 * it returns the changed organisation with its events, or why nothing changes. Unit-tested without Spring.
 * <ul>
 * <li>A decision already recorded on the organisation is a duplicate: nothing changes.</li>
 * <li>REJECTED is ignored. Unknown decisions or kinds, missing ids and unknown fields are INVALID.</li>
 * <li>A missing environment, or one whose advanced module is off, fails the decision.</li>
 * <li>ACCEPTED NEW creates the organisation under an id derived from environment and decision id (a redelivery
 * finds it), with every field from KvK and the profile's type, subscribed with origin PROPOSAL.</li>
 * <li>ACCEPTED UPDATE takes the accepted fields (none listed: all) from the registration; ENDED makes the
 * organisation former. Both need the organisation to exist, to be live and to be linked to that registration.</li>
 * <li>UNDO puts back the before-image: the restore fields (none listed: all synced fields) of an UPDATE, the status
 * of an ENDED (REACTIVATED); an undone NEW deletes the organisation and ends its subscription.</li>
 * </ul>
 * Every applied decision yields an {@code OrganisationChanged} carrying the decision and proposal ids, also when
 * no field value changed.
 */
final class DecisionApplier {

    /** What a decision came to. */
    sealed interface Outcome permits Applied, Duplicate, Ignored, Failed {
    }

    /** The organisation after the decision, and the events to publish with it. */
    record Applied(OrganisationDocument document, List<Event> events, OrganisationChangeKind kind)
            implements Outcome {
    }

    /** Already applied to this organisation earlier: a redelivery. */
    record Duplicate(String organisationId) implements Outcome {
    }

    /** Consumed without effect (REJECTED). */
    record Ignored(String why) implements Outcome {
    }

    /** Not applied, with the reason an admin can act on. */
    record Failed(FailureReason reason, String detail, String organisationId) implements Outcome {
    }

    /** An event to publish: topic, record key, event id and value. */
    record Event(String topic, String key, String eventId, SpecificRecord value) {
    }

    private DecisionApplier() {
    }

    /**
     * The organisation a decision is about: the derived id for an accepted NEW (and for undoing one when the undo
     * does not name it), otherwise the organisation the decision names; null when it names none.
     */
    static String targetId(ProposalDecided d) {
        if (d.getDecision() == Decision.ACCEPTED && d.getKind() == ProposalKind.NEW) {
            return newOrganisationId(d.getEnvironmentId(), d.getDecisionId());
        }
        if (d.getOrganisationId() == null && d.getDecision() == Decision.UNDO && d.getKind() == ProposalKind.NEW
                && d.getUndoOf() != null) {
            return newOrganisationId(d.getEnvironmentId(), d.getUndoOf());
        }
        return d.getOrganisationId();
    }

    static String newOrganisationId(String environmentId, String decisionId) {
        return Organisations.derivedId("new-organisation", environmentId, decisionId);
    }

    /**
     * Applies {@code d}. {@code current} is the organisation as it is now (null: none with the target id);
     * {@code linkHolder} the live organisation of the environment linked to the decision's registration (NEW only).
     * Never changes its arguments.
     */
    static Outcome apply(ProposalDecided d, EnvironmentDocument environment, OrganisationDocument current,
            OrganisationDocument linkHolder, Instant now) {
        String targetId = targetId(d);
        if (current != null && current.hasApplied(d.getDecisionId())) {
            return new Duplicate(current.id());
        }
        if (d.getDecision() == Decision.REJECTED) {
            return new Ignored("rejected decisions change nothing");
        }
        if (d.getDecision() != Decision.ACCEPTED && d.getDecision() != Decision.UNDO) {
            return new Failed(FailureReason.INVALID, "decision " + d.getDecision() + " is not one crm-sync applies",
                    targetId);
        }
        if (d.getKind() != ProposalKind.NEW && d.getKind() != ProposalKind.UPDATE && d.getKind() != ProposalKind.ENDED) {
            return new Failed(FailureReason.INVALID, "proposal kind " + d.getKind() + " is unknown", targetId);
        }
        if (environment == null) {
            return new Failed(FailureReason.ENVIRONMENT_NOT_FOUND, "environment " + d.getEnvironmentId()
                    + " does not exist in the CRM", targetId);
        }
        if (!environment.advancedModule()) {
            return new Failed(FailureReason.MODULE_OFF, "the advanced KvK module is off in environment "
                    + environment.id(), targetId);
        }
        if (targetId == null) {
            return new Failed(FailureReason.INVALID, "the decision names no organisation", null);
        }
        if (d.getDecision() == Decision.UNDO) {
            return undo(d, current, targetId, now);
        }
        return switch (d.getKind()) {
            case NEW -> create(d, environment, current, linkHolder, targetId, now);
            case UPDATE -> update(d, current, targetId, now);
            case ENDED -> end(d, current, targetId, now);
            default -> throw new IllegalStateException("unreachable: " + d.getKind());
        };
    }

    private static Outcome create(ProposalDecided d, EnvironmentDocument environment, OrganisationDocument current,
            OrganisationDocument linkHolder, String targetId, Instant now) {
        if (current != null) {
            return new Failed(FailureReason.CONFLICT, "organisation " + targetId + " exists but was not created by "
                    + "this decision", targetId);
        }
        if (linkHolder != null) {
            return new Failed(FailureReason.ALREADY_EXISTS, "organisation " + linkHolder.id() + " of environment "
                    + d.getEnvironmentId() + " is already linked to registration " + d.getRegistrationKey(),
                    linkHolder.id());
        }
        if (!environment.allowsType(d.getOrganisationType())) {
            return new Failed(FailureReason.INVALID, "organisation type '" + d.getOrganisationType()
                    + "' is not one of environment " + environment.id() + "'s types " + environment.organisationTypes(),
                    targetId);
        }
        if (!d.getRegistrationKey().equals(d.getRegistration().getRegistrationKey())) {
            return new Failed(FailureReason.INVALID, "the decision's registration snapshot is of "
                    + d.getRegistration().getRegistrationKey() + ", not " + d.getRegistrationKey(), targetId);
        }
        OrganisationDocument created = OrganisationDocument.created(Organisations.fromRegistration(targetId,
                d.getEnvironmentId(), d.getOrganisationType(), d.getRegistration(), now), d.getDecidedBy(),
                SubscriptionOrigin.PROPOSAL);
        Organisation after = created.state();
        List<Event> events = new ArrayList<>();
        events.add(changed(d, OrganisationChangeKind.CREATED, null, after, ChangeSource.KVK, now));
        events.add(subscription(d, after, after.getRegistrationKey(), true, SubscriptionOrigin.PROPOSAL, now));
        record(created, d, d.getKind().name(), now);
        return new Applied(created, events, OrganisationChangeKind.CREATED);
    }

    private static Outcome update(ProposalDecided d, OrganisationDocument current, String targetId, Instant now) {
        Failed unusable = unusable(d, current, targetId, true);
        if (unusable != null) {
            return unusable;
        }
        List<String> fields = d.getAcceptedFields().isEmpty() ? OrganisationFields.ALL : d.getAcceptedFields();
        for (String field : fields) {
            if (!OrganisationFields.isKnown(field)) {
                return new Failed(FailureReason.INVALID, "accepted field '" + field + "' is not an organisation field",
                        targetId);
            }
        }
        OrganisationDocument next = current.copy();
        Organisations.takeFromRegistration(next.state(), d.getRegistration(), fields, now);
        return applied(d, current, next, OrganisationChangeKind.UPDATED, ChangeSource.KVK, d.getKind().name(), now);
    }

    private static Outcome end(ProposalDecided d, OrganisationDocument current, String targetId, Instant now) {
        Failed unusable = unusable(d, current, targetId, true);
        if (unusable != null) {
            return unusable;
        }
        OrganisationDocument next = current.copy();
        Organisations.end(next.state(), d.getRegistration());
        return applied(d, current, next, OrganisationChangeKind.ENDED, ChangeSource.KVK, d.getKind().name(), now);
    }

    private static Outcome undo(ProposalDecided d, OrganisationDocument current, String targetId, Instant now) {
        if (d.getUndoOf() == null) {
            return new Failed(FailureReason.INVALID, "an UNDO must name the decision it undoes (undoOf)", targetId);
        }
        Failed unusable = unusable(d, current, targetId, false);
        if (unusable != null) {
            return unusable;
        }
        AppliedDecision undone = current.applied(d.getUndoOf()).orElse(null);
        if (undone == null) {
            return new Failed(FailureReason.INVALID, "decision " + d.getUndoOf() + " was never applied to organisation "
                    + targetId, targetId);
        }
        AppliedDecision earlierUndo = current.undoneBy(d.getUndoOf()).orElse(null);
        if (earlierUndo != null) {
            return new Failed(FailureReason.CONFLICT, "decision " + d.getUndoOf() + " was already undone by decision "
                    + earlierUndo.decisionId(), targetId);
        }
        OrganisationDocument next = current.copy();
        Organisation o = next.state();
        String undoneKind = undone.kind();
        if (ProposalKind.NEW.name().equals(undoneKind)) {
            String registrationKey = o.getRegistrationKey();
            boolean wasSubscribed = o.getSubscribed() && registrationKey != null;
            next.unsubscribe();
            next.markDeleted(now);
            next.bump(now);
            List<Event> events = new ArrayList<>();
            events.add(changed(d, OrganisationChangeKind.DELETED, current.state(), o, ChangeSource.SYSTEM, now));
            if (wasSubscribed) {
                events.add(subscription(d, o, registrationKey, false, next.subscriptionOrigin(), now));
            }
            record(next, d, undoneKind, now);
            return new Applied(next, events, OrganisationChangeKind.DELETED);
        }
        Organisation image = d.getRestore();
        List<String> fields = d.getRestoreFields();
        for (String field : fields) {
            if (!OrganisationFields.isKnown(field)) {
                return new Failed(FailureReason.INVALID, "restore field '" + field + "' is not an organisation field",
                        targetId);
            }
        }
        OrganisationChangeKind kind = OrganisationChangeKind.UPDATED;
        if (ProposalKind.ENDED.name().equals(undoneKind)) {
            // the status as it was before the ENDED: active unless the before-image says otherwise
            boolean former = image != null && image.getStatus() == OrganisationStatus.FORMER;
            o.setStatus(former ? OrganisationStatus.FORMER : OrganisationStatus.ACTIVE);
            o.setEndDate(former ? image.getEndDate() : null);
            o.setEndReason(former ? image.getEndReason() : null);
            kind = former ? OrganisationChangeKind.UPDATED : OrganisationChangeKind.REACTIVATED;
            if (image != null && !fields.isEmpty()) {
                Organisations.restore(o, image, fields);
            }
        } else if (image == null) {
            return new Failed(FailureReason.INVALID, "an UNDO of " + undoneKind + " needs the before-image (restore)",
                    targetId);
        } else {
            Organisations.restore(o, image, fields.isEmpty() ? OrganisationFields.ALL : fields);
        }
        return applied(d, current, next, kind, ChangeSource.SYSTEM, undoneKind, now);
    }

    /** Why the organisation cannot take this decision, or null when it can. */
    private static Failed unusable(ProposalDecided d, OrganisationDocument current, String targetId,
            boolean mustFollowRegistration) {
        if (current == null || !current.environmentId().equals(d.getEnvironmentId())) {
            return new Failed(FailureReason.ORGANISATION_NOT_FOUND, "organisation " + targetId + " does not exist in "
                    + "environment " + d.getEnvironmentId(), targetId);
        }
        if (current.deleted()) {
            return new Failed(FailureReason.ORGANISATION_DELETED, "organisation " + targetId + " was deleted",
                    targetId);
        }
        String linked = current.state().getRegistrationKey();
        if (mustFollowRegistration && !d.getRegistrationKey().equals(linked)) {
            return new Failed(FailureReason.CONFLICT, linked == null
                    ? "organisation " + targetId + " is no longer linked to KvK registration " + d.getRegistrationKey()
                    : "organisation " + targetId + " is now linked to registration " + linked + ", not "
                            + d.getRegistrationKey(), targetId);
        }
        return null;
    }

    private static Applied applied(ProposalDecided d, OrganisationDocument current, OrganisationDocument next,
            OrganisationChangeKind kind, ChangeSource source, String recordedKind, Instant now) {
        next.bump(now);
        List<Event> events = List.of(changed(d, kind, current.state(), next.state(), source, now));
        record(next, d, recordedKind, now);
        return new Applied(next, events, kind);
    }

    private static void record(OrganisationDocument document, ProposalDecided d, String kind, Instant now) {
        document.recordDecision(new AppliedDecision(d.getDecisionId(), d.getProposalId(), d.getDecision().name(), kind,
                d.getUndoOf(), document.version(), now));
    }

    private static Event changed(ProposalDecided d, OrganisationChangeKind kind, Organisation before,
            Organisation after, ChangeSource source, Instant now) {
        String eventId = Organisations.derivedId("organisation-changed", d.getDecisionId());
        return new Event(Topics.ORGANISATION_CHANGED, Organisations.key(after), eventId, Organisations.changed(eventId,
                kind, before, after, source, d.getDecidedBy(), d.getDecisionId(), d.getProposalId(), now));
    }

    private static Event subscription(ProposalDecided d, Organisation after, String registrationKey, boolean active,
            SubscriptionOrigin origin, Instant now) {
        String eventId = Organisations.derivedId("subscription-changed", d.getDecisionId());
        return new Event(Topics.SUBSCRIPTIONS, Organisations.key(after), eventId, Organisations.subscription(eventId,
                after, registrationKey, after.getKvkNummer(), active, origin, now));
    }
}
