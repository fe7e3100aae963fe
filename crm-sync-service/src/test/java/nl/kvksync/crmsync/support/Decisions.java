package nl.kvksync.crmsync.support;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.review.Decision;
import nl.kvksync.contracts.review.ProposalDecided;
import nl.kvksync.contracts.kvk.Registration;

/** Object Mother of review decisions as review-api publishes them. */
public final class Decisions {

    private Decisions() {
    }

    public static ProposalDecided.Builder decided(String env, ProposalKind kind, Decision decision,
            Registration registration) {
        return ProposalDecided.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setDecisionId("dec-" + UUID.randomUUID()).setProposalId("prop-" + UUID.randomUUID())
                .setEnvironmentId(env).setRegistrationKey(registration.getRegistrationKey()).setKind(kind)
                .setDecision(decision).setRegistration(registration).setDecidedBy("admin@acme");
    }

    public static ProposalDecided acceptNew(String env, Registration registration, String type) {
        return decided(env, ProposalKind.NEW, Decision.ACCEPTED, registration).setOrganisationType(type).build();
    }

    public static ProposalDecided acceptUpdate(String env, String organisationId, Registration registration,
            String... fields) {
        return decided(env, ProposalKind.UPDATE, Decision.ACCEPTED, registration).setOrganisationId(organisationId)
                .setAcceptedFields(List.of(fields)).build();
    }

    public static ProposalDecided acceptEnded(String env, String organisationId, Registration registration) {
        return decided(env, ProposalKind.ENDED, Decision.ACCEPTED, registration).setOrganisationId(organisationId)
                .build();
    }

    public static ProposalDecided reject(String env, String organisationId, Registration registration) {
        return decided(env, ProposalKind.UPDATE, Decision.REJECTED, registration).setOrganisationId(organisationId)
                .setReason("not now").build();
    }

    public static ProposalDecided undo(ProposalDecided undone, String organisationId, Organisation restore,
            String... fields) {
        return decided(undone.getEnvironmentId(), undone.getKind(), Decision.UNDO, undone.getRegistration())
                .setProposalId(undone.getProposalId()).setOrganisationId(organisationId)
                .setUndoOf(undone.getDecisionId()).setRestore(restore).setRestoreFields(List.of(fields)).build();
    }
}
