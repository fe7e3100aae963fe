package nl.kvksync.crmsync.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import nl.kvksync.contracts.OrganisationFields;
import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.ChangeSource;
import nl.kvksync.contracts.crm.FailureReason;
import nl.kvksync.contracts.crm.FieldChange;
import nl.kvksync.contracts.crm.FieldProvenance;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.crm.OrganisationChangeKind;
import nl.kvksync.contracts.crm.OrganisationChanged;
import nl.kvksync.contracts.crm.OrganisationStatus;
import nl.kvksync.contracts.crm.SubscriptionChanged;
import nl.kvksync.contracts.crm.SubscriptionOrigin;
import nl.kvksync.contracts.kvk.EndReason;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.review.ProposalDecided;
import nl.kvksync.crmsync.decision.DecisionApplier.Applied;
import nl.kvksync.crmsync.decision.DecisionApplier.Duplicate;
import nl.kvksync.crmsync.decision.DecisionApplier.Failed;
import nl.kvksync.crmsync.decision.DecisionApplier.Ignored;
import nl.kvksync.crmsync.decision.DecisionApplier.Outcome;
import nl.kvksync.crmsync.environment.EnvironmentDocument;
import nl.kvksync.crmsync.organisation.OrganisationDocument;
import nl.kvksync.crmsync.organisation.Organisations;
import nl.kvksync.crmsync.support.Decisions;
import nl.kvksync.crmsync.support.Registrations;
import org.junit.jupiter.api.Test;

class DecisionApplierTest {

    static final String ENV = "acme";
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final Instant T1 = Instant.parse("2026-11-27T15:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-28T09:00:00Z");

    static EnvironmentDocument environment(boolean advanced, String... types) {
        return new EnvironmentDocument(ENV, "Acme", true, advanced, List.of(types), 1, T0, T0, "admin", List.of(), 1);
    }

    final EnvironmentDocument advancedOn = environment(true, "customer", "prospect");
    final Registration dagobert = Registrations.dagobert().build();

    /** An organisation created by an accepted NEW at T0, as stored. */
    OrganisationDocument created() {
        Applied applied = (Applied) DecisionApplier.apply(Decisions.acceptNew(ENV, dagobert, "customer"), advancedOn,
                null, null, T0);
        return applied.document();
    }

    @Test
    void acceptedNewCreatesASubscribedOrganisationWithEveryFieldFromKvk() {
        ProposalDecided d = Decisions.acceptNew(ENV, dagobert, "customer");

        Applied applied = (Applied) DecisionApplier.apply(d, advancedOn, null, null, T0);

        Organisation o = applied.document().state();
        assertThat(o.getOrganisationId()).isEqualTo(DecisionApplier.newOrganisationId(ENV, d.getDecisionId()))
                .isEqualTo(DecisionApplier.targetId(d));
        assertThat(o.getType()).isEqualTo("customer");
        assertThat(o.getStatus()).isEqualTo(OrganisationStatus.ACTIVE);
        assertThat(o.getRegistrationKey()).isEqualTo("000038509504");
        assertThat(o.getSubscribed()).isTrue();
        assertThat(applied.document().subscriptionOrigin()).isEqualTo(SubscriptionOrigin.PROPOSAL);
        assertThat(o.getVersion()).isEqualTo(1);
        assertThat(OrganisationFields.of(o)).isEqualTo(OrganisationFields.of(dagobert));
        assertThat(o.getVisitingAddress().getPostcode()).isEqualTo("1034WL");
        assertThat(o.getProvenance()).containsOnlyKeys(OrganisationFields.ALL);
        FieldProvenance tradeName = o.getProvenance().get(OrganisationFields.TRADE_NAME);
        assertThat(tradeName.getSource()).isEqualTo(ChangeSource.KVK);
        assertThat(tradeName.getKvkValue()).isEqualTo("Test EMZ Dagobert");
        assertThat(tradeName.getSyncedAt()).isEqualTo(T0);
        assertThat(applied.document().hasApplied(d.getDecisionId())).isTrue();

        assertThat(applied.events()).extracting(DecisionApplier.Event::topic)
                .containsExactly(Topics.ORGANISATION_CHANGED, Topics.SUBSCRIPTIONS);
        OrganisationChanged changed = (OrganisationChanged) applied.events().get(0).value();
        assertThat(changed.getKind()).isEqualTo(OrganisationChangeKind.CREATED);
        assertThat(changed.getDecisionId()).isEqualTo(d.getDecisionId());
        assertThat(changed.getProposalId()).isEqualTo(d.getProposalId());
        assertThat(changed.getActor()).isEqualTo("admin@acme");
        assertThat(changed.getBefore()).isNull();
        assertThat(changed.getChanges()).extracting(FieldChange::getField).contains("tradeName", "visitingAddress");
        assertThat(applied.events().get(0).key()).isEqualTo(ENV + ":" + o.getOrganisationId());
        SubscriptionChanged subscription = (SubscriptionChanged) applied.events().get(1).value();
        assertThat(subscription.getActive()).isTrue();
        assertThat(subscription.getOrigin()).isEqualTo(SubscriptionOrigin.PROPOSAL);
        assertThat(subscription.getRegistrationKey()).isEqualTo("000038509504");
        assertThat(subscription.getKvkNummer()).isEqualTo("69599084");
    }

    @Test
    void eventIdsAndOrganisationIdAreDerivedFromTheDecisionSoARedeliveryReproducesThem() {
        ProposalDecided d = Decisions.acceptNew(ENV, dagobert, "customer");
        Applied first = (Applied) DecisionApplier.apply(d, advancedOn, null, null, T0);
        Applied again = (Applied) DecisionApplier.apply(d, advancedOn, null, null, T1);
        assertThat(again.document().id()).isEqualTo(first.document().id());
        assertThat(again.events()).extracting(DecisionApplier.Event::eventId)
                .isEqualTo(first.events().stream().map(DecisionApplier.Event::eventId).toList());
    }

    @Test
    void aDecisionAlreadyRecordedOnTheOrganisationIsADuplicateEvenWhenTheModuleIsOffSince() {
        ProposalDecided d = Decisions.acceptNew(ENV, dagobert, "customer");
        OrganisationDocument stored = ((Applied) DecisionApplier.apply(d, advancedOn, null, null, T0)).document();

        assertThat(DecisionApplier.apply(d, environment(false), stored, stored, T1)).isInstanceOf(Duplicate.class);
    }

    @Test
    void newForARegistrationAnotherOrganisationHoldsFailsAlreadyExists() {
        OrganisationDocument holder = created();
        Outcome outcome = DecisionApplier.apply(Decisions.acceptNew(ENV, dagobert, "customer"), advancedOn, null,
                holder, T1);
        assertThat(outcome).isInstanceOfSatisfying(Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.ALREADY_EXISTS);
            assertThat(f.organisationId()).isEqualTo(holder.id());
            assertThat(f.detail()).contains("already linked to registration 000038509504");
        });
    }

    @Test
    void newWithATypeTheEnvironmentDoesNotKnowFailsInvalid() {
        Outcome outcome = DecisionApplier.apply(Decisions.acceptNew(ENV, dagobert, "supplier"), advancedOn, null, null,
                T0);
        assertThat(outcome).isInstanceOfSatisfying(Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.INVALID);
            assertThat(f.detail()).contains("'supplier'");
        });
    }

    @Test
    void acceptedUpdateTakesOnlyTheAcceptedFieldsWithKvkProvenance() {
        OrganisationDocument current = created();
        Registration changed = Registrations.dagobert().setTradeName("Dagobert Vleeswaren")
                .setWebsite("https://dagobert.example.nl").build();

        Applied applied = (Applied) DecisionApplier.apply(Decisions.acceptUpdate(ENV, current.id(), changed,
                "tradeName"), advancedOn, current, null, T1);

        Organisation o = applied.document().state();
        assertThat(o.getTradeName()).isEqualTo("Dagobert Vleeswaren");
        assertThat(o.getWebsite()).isNull();
        assertThat(o.getVersion()).isEqualTo(2);
        assertThat(o.getProvenance().get("tradeName")).satisfies(p -> {
            assertThat(p.getSource()).isEqualTo(ChangeSource.KVK);
            assertThat(p.getChangedAt()).isEqualTo(T1);
            assertThat(p.getKvkValue()).isEqualTo("Dagobert Vleeswaren");
            assertThat(p.getSyncedAt()).isEqualTo(T1);
        });
        assertThat(o.getProvenance().get("website").getSyncedAt()).isEqualTo(T0);
        OrganisationChanged event = (OrganisationChanged) applied.events().get(0).value();
        assertThat(event.getKind()).isEqualTo(OrganisationChangeKind.UPDATED);
        assertThat(event.getChanges()).containsExactly(
                new FieldChange("tradeName", "Test EMZ Dagobert", "Dagobert Vleeswaren"));
        assertThat(event.getBefore().getTradeName()).isEqualTo("Test EMZ Dagobert");
        assertThat(event.getVersion()).isEqualTo(2);
        assertThat(current.state().getTradeName()).as("the input is not changed").isEqualTo("Test EMZ Dagobert");
    }

    @Test
    void anUpdateWithoutAcceptedFieldsTakesEveryField() {
        OrganisationDocument current = created();
        Registration changed = Registrations.dagobert().setTradeName("Dagobert Vleeswaren").setEmployees(12).build();

        Applied applied = (Applied) DecisionApplier.apply(Decisions.acceptUpdate(ENV, current.id(), changed),
                advancedOn, current, null, T1);

        assertThat(OrganisationFields.of(applied.document().state())).isEqualTo(OrganisationFields.of(changed));
        assertThat(((OrganisationChanged) applied.events().get(0).value()).getChanges())
                .extracting(FieldChange::getField).containsExactly("tradeName", "employees");
    }

    @Test
    void kvkConfirmingAUserValueKeepsTheUserAsSourceAndRecordsTheSync() {
        OrganisationDocument current = created();
        current.state().setPhone("+31201234567");
        Organisations.markUserEdit(current.state(), "phone", "jan@acme", T0);
        Registration confirming = Registrations.dagobert().setPhone("+31201234567").build();

        Applied applied = (Applied) DecisionApplier.apply(Decisions.acceptUpdate(ENV, current.id(), confirming,
                "phone"), advancedOn, current, null, T1);

        FieldProvenance phone = applied.document().state().getProvenance().get("phone");
        assertThat(phone.getSource()).isEqualTo(ChangeSource.USER);
        assertThat(phone.getChangedBy()).isEqualTo("jan@acme");
        assertThat(phone.getKvkValue()).isEqualTo("+31201234567");
        assertThat(phone.getSyncedAt()).isEqualTo(T1);
    }

    @Test
    void anAppliedDecisionThatChangesNoValueStillPublishesItsEvent() {
        OrganisationDocument current = created();

        Applied applied = (Applied) DecisionApplier.apply(Decisions.acceptUpdate(ENV, current.id(), dagobert),
                advancedOn, current, null, T1);

        OrganisationChanged event = (OrganisationChanged) applied.events().get(0).value();
        assertThat(event.getChanges()).isEmpty();
        assertThat(event.getVersion()).isEqualTo(2);
        assertThat(event.getDecisionId()).isNotNull();
    }

    @Test
    void updatesThatCannotBeAppliedFailWithTheirReason() {
        OrganisationDocument current = created();
        OrganisationDocument deleted = current.copy();
        deleted.markDeleted(T1);
        OrganisationDocument relinked = current.copy();
        relinked.state().setRegistrationKey("990000541921");

        assertThat(reason(DecisionApplier.apply(Decisions.acceptUpdate(ENV, "nobody", dagobert), advancedOn, null,
                null, T1))).isEqualTo(FailureReason.ORGANISATION_NOT_FOUND);
        assertThat(reason(DecisionApplier.apply(Decisions.acceptUpdate(ENV, current.id(), dagobert), advancedOn,
                deleted, null, T1))).isEqualTo(FailureReason.ORGANISATION_DELETED);
        assertThat(reason(DecisionApplier.apply(Decisions.acceptUpdate("other", current.id(), dagobert),
                new EnvironmentDocument("other", "Other", true, true, List.of(), 1, T0, T0, "a", List.of(), 1), current,
                null, T1))).isEqualTo(FailureReason.ORGANISATION_NOT_FOUND);
        assertThat(reason(DecisionApplier.apply(Decisions.acceptUpdate(ENV, current.id(), dagobert), advancedOn,
                relinked, null, T1))).isEqualTo(FailureReason.CONFLICT);
        assertThat(reason(DecisionApplier.apply(Decisions.acceptUpdate(ENV, current.id(), dagobert, "colour"),
                advancedOn, current, null, T1))).isEqualTo(FailureReason.INVALID);
        assertThat(reason(DecisionApplier.apply(Decisions.decided(ENV, nl.kvksync.contracts.matcher.ProposalKind.UPDATE,
                nl.kvksync.contracts.review.Decision.ACCEPTED, dagobert).build(), advancedOn, null, null, T1)))
                .isEqualTo(FailureReason.INVALID);
    }

    @Test
    void decisionsForAMissingEnvironmentOrOneWithoutTheAdvancedModuleFail() {
        ProposalDecided d = Decisions.acceptNew(ENV, dagobert, "customer");
        assertThat(reason(DecisionApplier.apply(d, null, null, null, T0)))
                .isEqualTo(FailureReason.ENVIRONMENT_NOT_FOUND);
        assertThat(reason(DecisionApplier.apply(d, environment(false), null, null, T0)))
                .isEqualTo(FailureReason.MODULE_OFF);
    }

    @Test
    void rejectedDecisionsAreIgnored() {
        OrganisationDocument current = created();
        assertThat(DecisionApplier.apply(Decisions.reject(ENV, current.id(), dagobert), advancedOn, current, null, T1))
                .isInstanceOf(Ignored.class);
    }

    @Test
    void acceptedEndedMakesTheOrganisationFormerWithEndDateAndReason() {
        OrganisationDocument current = created();

        Applied applied = (Applied) DecisionApplier.apply(Decisions.acceptEnded(ENV, current.id(),
                Registrations.ended(dagobert, "2026-11-27")), advancedOn, current, null, T1);

        Organisation o = applied.document().state();
        assertThat(o.getStatus()).isEqualTo(OrganisationStatus.FORMER);
        assertThat(o.getEndDate()).isEqualTo("2026-11-27");
        assertThat(o.getEndReason()).isEqualTo(EndReason.BANKRUPT);
        assertThat(applied.kind()).isEqualTo(OrganisationChangeKind.ENDED);
        assertThat(o.getSubscribed()).isTrue();
    }

    @Test
    void undoOfAnUpdatePutsBackTheRestoreFieldsWithTheirProvenance() {
        OrganisationDocument current = created();
        Registration changed = Registrations.dagobert().setTradeName("Dagobert Vleeswaren").setEmployees(12).build();
        ProposalDecided update = Decisions.acceptUpdate(ENV, current.id(), changed);
        Applied updated = (Applied) DecisionApplier.apply(update, advancedOn, current, null, T1);
        Organisation before = ((OrganisationChanged) updated.events().get(0).value()).getBefore();

        Applied undone = (Applied) DecisionApplier.apply(Decisions.undo(update, current.id(), before, "tradeName"),
                advancedOn, updated.document(), null, T2);

        Organisation o = undone.document().state();
        assertThat(o.getTradeName()).isEqualTo("Test EMZ Dagobert");
        assertThat(o.getEmployees()).as("not in restoreFields").isEqualTo(12);
        assertThat(o.getProvenance().get("tradeName").getSyncedAt()).isEqualTo(T0);
        assertThat(o.getVersion()).isEqualTo(3);
        OrganisationChanged event = (OrganisationChanged) undone.events().get(0).value();
        assertThat(event.getSource()).isEqualTo(ChangeSource.SYSTEM);
        assertThat(event.getChanges()).containsExactly(
                new FieldChange("tradeName", "Dagobert Vleeswaren", "Test EMZ Dagobert"));
    }

    @Test
    void undoOfAnEndedReactivates() {
        OrganisationDocument current = created();
        ProposalDecided ended = Decisions.acceptEnded(ENV, current.id(), Registrations.ended(dagobert, "2026-11-27"));
        Applied former = (Applied) DecisionApplier.apply(ended, advancedOn, current, null, T1);

        Applied undone = (Applied) DecisionApplier.apply(Decisions.undo(ended, current.id(), current.state()),
                advancedOn, former.document(), null, T2);

        assertThat(undone.kind()).isEqualTo(OrganisationChangeKind.REACTIVATED);
        assertThat(undone.document().state().getStatus()).isEqualTo(OrganisationStatus.ACTIVE);
        assertThat(undone.document().state().getEndDate()).isNull();
        assertThat(undone.document().state().getEndReason()).isNull();
    }

    @Test
    void undoOfANewDeletesTheOrganisationAndEndsItsSubscription() {
        ProposalDecided accepted = Decisions.acceptNew(ENV, dagobert, "customer");
        OrganisationDocument created = ((Applied) DecisionApplier.apply(accepted, advancedOn, null, null, T0))
                .document();
        ProposalDecided undo = Decisions.undo(accepted, null, null);
        assertThat(DecisionApplier.targetId(undo)).isEqualTo(created.id());

        Applied undone = (Applied) DecisionApplier.apply(undo, advancedOn, created, null, T1);

        assertThat(undone.document().deleted()).isTrue();
        assertThat(undone.document().linkKey()).isNull();
        assertThat(undone.document().state().getSubscribed()).isFalse();
        assertThat(undone.kind()).isEqualTo(OrganisationChangeKind.DELETED);
        SubscriptionChanged ended = (SubscriptionChanged) undone.events().get(1).value();
        assertThat(ended.getActive()).isFalse();
        assertThat(ended.getRegistrationKey()).isEqualTo("000038509504");
        assertThat(DecisionApplier.apply(accepted, advancedOn, undone.document(), null, T2))
                .as("the NEW redelivered after its undo").isInstanceOf(Duplicate.class);
    }

    @Test
    void undoOfADecisionNeverAppliedOrAlreadyUndoneFails() {
        OrganisationDocument current = created();
        ProposalDecided update = Decisions.acceptUpdate(ENV, current.id(), dagobert);
        assertThat(reason(DecisionApplier.apply(Decisions.undo(update, current.id(), current.state()), advancedOn,
                current, null, T1))).isEqualTo(FailureReason.INVALID);

        Applied updated = (Applied) DecisionApplier.apply(update, advancedOn, current, null, T1);
        Applied undone = (Applied) DecisionApplier.apply(Decisions.undo(update, current.id(), current.state()),
                advancedOn, updated.document(), null, T2);
        assertThat(reason(DecisionApplier.apply(Decisions.undo(update, current.id(), current.state()), advancedOn,
                undone.document(), null, T2))).isEqualTo(FailureReason.CONFLICT);
    }

    private static FailureReason reason(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Failed.class);
        return ((Failed) outcome).reason();
    }
}
