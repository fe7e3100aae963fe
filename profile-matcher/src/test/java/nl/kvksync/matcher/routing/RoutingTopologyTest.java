package nl.kvksync.matcher.routing;

import static nl.kvksync.matcher.Fixtures.change;
import static nl.kvksync.matcher.Fixtures.ended;
import static nl.kvksync.matcher.Fixtures.key;
import static nl.kvksync.matcher.Fixtures.profile;
import static nl.kvksync.matcher.Fixtures.registration;
import static nl.kvksync.matcher.Fixtures.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import nl.kvksync.contracts.crm.SubscriptionOrigin;
import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.contracts.matcher.ReasonKind;
import nl.kvksync.contracts.review.ImportProfile;
import nl.kvksync.contracts.review.SbiScope;
import nl.kvksync.matcher.register.RegistrationKeys;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoutingTopologyTest {

    final TopologyHarness t = new TopologyHarness();

    final Registration before = registration(key(1), "5211AB", "93122");
    final Registration after = Registration.newBuilder(before).setTradeName("Sportschool Noord").build();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void changedRegistrationYieldsOneUpdatePerSubscribedOrganisationWhereTheAdvancedModuleIsOn() {
        t.environment("env-a", true);
        t.environment("env-b", false);
        t.subscribe(subscription("env-a", "org-1", key(1), true, SubscriptionOrigin.CREATED_FROM_KVK, 1));
        t.subscribe(subscription("env-a", "org-2", key(1), true, SubscriptionOrigin.IMPORTED, 4));
        t.subscribe(subscription("env-b", "org-9", key(1), true, SubscriptionOrigin.CREATED_FROM_KVK, 1));

        t.change(change(MutationKind.CHANGED, before, after, "feed-1", "tradeName"));

        List<TestRecord<String, ProposalRaised>> out = t.proposalRecords();
        assertThat(out).extracting(TestRecord::key).containsExactly("env-a:" + key(1), "env-a:" + key(1));
        assertThat(out).extracting(r -> r.value().getOrganisationId()).containsExactly("org-1", "org-2");
        ProposalRaised p = out.get(0).value();
        assertThat(p.getKind()).isEqualTo(ProposalKind.UPDATE);
        assertThat(p.getPrevious()).isEqualTo(before);
        assertThat(p.getRegistration()).isEqualTo(after);
        assertThat(p.getChangedFields()).containsExactly("tradeName");
        assertThat(p.getFeedId()).isEqualTo("feed-1");
        assertThat(p.getSourceEventId()).isEqualTo("feed-1:" + key(1));
        assertThat(p.getReasons()).singleElement().satisfies(r -> {
            assertThat(r.getKind()).isEqualTo(ReasonKind.SUBSCRIPTION);
            assertThat(r.getOrganisationId()).isEqualTo("org-1");
            assertThat(r.getDetail()).contains("org-1", key(1), "CREATED_FROM_KVK", "tradeName");
        });
        assertThat(out.get(0).value().getProposalId()).isNotEqualTo(out.get(1).value().getProposalId());
        assertThat(t.counter("kvksync.proposals.raised", "kind", "UPDATE")).isEqualTo(2);
    }

    @Test
    void endedRegistrationYieldsEndedProposals() {
        t.environment("env-a", true);
        t.subscribe(subscription("env-a", "org-1", key(1), true, SubscriptionOrigin.CREATED_FROM_KVK, 1));

        t.change(change(MutationKind.ENDED, before, ended(before), "feed-1", "status", "endDate", "endReason"));

        assertThat(t.proposals()).singleElement().satisfies(p -> {
            assertThat(p.getKind()).isEqualTo(ProposalKind.ENDED);
            assertThat(p.getOrganisationId()).isEqualTo("org-1");
            assertThat(p.getChangedFields()).containsExactly("status", "endDate", "endReason");
            assertThat(p.getReasons().get(0).getDetail()).contains("ended (BANKRUPT)");
        });
    }

    @Test
    void aChangeNobodyFollowsOrThatArrivesBeforeItsSubscriptionYieldsNothing() {
        t.environment("env-a", true);
        t.change(change(MutationKind.CHANGED, before, after, "feed-1", "tradeName"));
        assertThat(t.proposals()).isEmpty();

        // Late-arriving subscription: it does not raise a proposal for the change it missed (origin is not LINKED).
        t.subscribe(subscription("env-a", "org-1", key(1), true, SubscriptionOrigin.CREATED_FROM_KVK, 1));
        assertThat(t.proposals()).isEmpty();

        // The next change reaches it.
        t.change(change(MutationKind.CHANGED, after, before, "feed-2", "tradeName"));
        assertThat(t.proposals()).extracting(ProposalRaised::getFeedId).containsExactly("feed-2");
    }

    @Test
    void environmentsThatArriveLateOrSwitchTheModuleOffGetNothing() {
        t.subscribe(subscription("env-a", "org-1", key(1), true, SubscriptionOrigin.CREATED_FROM_KVK, 1));
        t.change(change(MutationKind.CHANGED, before, after, "feed-1", "tradeName"));
        assertThat(t.proposals()).as("environment not known yet").isEmpty();

        t.environment("env-a", true);
        assertThat(t.proposals()).as("switching on does not replay earlier changes").isEmpty();
        t.change(change(MutationKind.CHANGED, after, before, "feed-2", "tradeName"));
        assertThat(t.proposals()).hasSize(1);

        t.environment("env-a", false);
        t.change(change(MutationKind.CHANGED, before, after, "feed-3", "tradeName"));
        assertThat(t.proposals()).as("module off").isEmpty();

        t.environment("env-a", true);
        t.environments.pipeInput("env-a", nl.kvksync.contracts.crm.EnvironmentChanged
                .newBuilder(nl.kvksync.matcher.Fixtures.environment("env-a", true)).setDeleted(true).build());
        t.change(change(MutationKind.CHANGED, after, before, "feed-4", "tradeName"));
        assertThat(t.proposals()).as("environment deleted").isEmpty();
    }

    @Test
    void unsubscribingOrRelinkingMovesTheSubscription() {
        t.environment("env-a", true);
        t.subscribe(subscription("env-a", "org-1", key(1), true, SubscriptionOrigin.CREATED_FROM_KVK, 1));
        t.subscribe(subscription("env-a", "org-1", key(2), true, SubscriptionOrigin.CREATED_FROM_KVK, 2));

        t.change(change(MutationKind.CHANGED, before, after, "feed-1", "tradeName"));
        assertThat(t.proposals()).as("org-1 no longer follows " + key(1)).isEmpty();
        Registration other = registration(key(2), "5211AB", "93122");
        t.change(change(MutationKind.CHANGED, other, other, "feed-1", "website"));
        assertThat(t.proposals()).extracting(ProposalRaised::getOrganisationId).containsExactly("org-1");

        t.subscribe(subscription("env-a", "org-1", key(2), false, SubscriptionOrigin.CREATED_FROM_KVK, 3));
        t.change(change(MutationKind.CHANGED, other, other, "feed-2", "website"));
        assertThat(t.proposals()).as("unsubscribed").isEmpty();
        assertThat(t.state.subscribed().count("env-a")).isZero();

        t.subscribe(subscription("env-a", "org-1", key(2), true, SubscriptionOrigin.CREATED_FROM_KVK, 4));
        t.subscriptions.pipeInput("env-a:org-1", null);
        t.change(change(MutationKind.CHANGED, other, other, "feed-3", "website"));
        assertThat(t.proposals()).as("tombstone removes it too").isEmpty();
    }

    @Test
    void anOlderOrRepeatedSubscriptionVersionChangesNothing() {
        t.environment("env-a", true);
        t.subscribe(subscription("env-a", "org-1", key(1), true, SubscriptionOrigin.CREATED_FROM_KVK, 5));
        t.subscribe(subscription("env-a", "org-1", key(1), false, SubscriptionOrigin.CREATED_FROM_KVK, 4));
        t.change(change(MutationKind.CHANGED, before, after, "feed-1", "tradeName"));
        assertThat(t.proposals()).as("stale removal ignored").hasSize(1);
    }

    @Test
    void newRegistrationYieldsOneNewProposalPerEnvironmentListingEveryMatchingProfile() {
        t.environment("env-a", true);
        t.environment("env-b", true);
        t.profile(profile("env-a", "p-sport", new int[] {5200, 5500}, "93").build());
        t.profile(profile("env-a", "p-fitness", new int[] {1000, 1999, 5000, 5299}, "9313").setSbiScope(SbiScope.ANY)
                .setOrganisationType("customer").build());
        t.profile(profile("env-a", "p-bakers", new int[] {5200, 5500}, "1071").build());
        t.profile(profile("env-b", "p-b", new int[] {5211, 5211}, "931").build());
        Registration gym = registration(key(7), "5211AB", "93122", "93130");

        t.change(change(MutationKind.NEW, null, gym, "feed-1", "registrationKey"));

        List<ProposalRaised> out = t.proposals();
        assertThat(out).extracting(ProposalRaised::getEnvironmentId).containsExactly("env-a", "env-b");
        ProposalRaised a = out.get(0);
        assertThat(a.getKind()).isEqualTo(ProposalKind.NEW);
        assertThat(a.getOrganisationId()).isNull();
        assertThat(a.getProfileIds()).containsExactly("p-fitness", "p-sport");
        assertThat(a.getOrganisationType()).isEqualTo("customer");
        assertThat(a.getPrevious()).isNull();
        assertThat(a.getRegistration()).isEqualTo(gym);
        assertThat(a.getReasons()).extracting(r -> r.getKind() + " " + r.getProfileId() + " " + r.getPostcodeRange()
                + " " + r.getSbiRule()).containsExactly(
                        "PROFILE p-fitness 5000-5299 9313 -> 93130",
                        "PROFILE p-sport 5200-5500 93 -> 93122");
        assertThat(a.getReasons().get(1).getDetail()).contains("Profile p-sport", "postcode 5200-5500", "93 -> 93122");
        assertThat(out.get(1).getReasons()).extracting(r -> r.getSbiRule()).containsExactly("931 -> 93122");
    }

    @Test
    void newRegistrationIsNotProposedWhereAnOrganisationAlreadyFollowsItOrTheModuleIsOffOrNoProfileOffersIt() {
        t.environment("env-a", true);
        t.environment("env-b", false);
        t.environment("env-c", true);
        t.environment("env-d", true);
        t.profile(profile("env-a", "p", new int[] {5200, 5500}, "93").build());
        t.profile(profile("env-b", "p", new int[] {5200, 5500}, "93").build());
        t.profile(profile("env-c", "p", new int[] {5200, 5500}, "93").setOfferNewRegistrations(false).build());
        t.profile(profile("env-d", "p", new int[] {5200, 5500}, "93").build());
        t.subscribe(subscription("env-a", "org-1", key(7), true, SubscriptionOrigin.CREATED_FROM_KVK, 1));
        Registration gym = registration(key(7), "5211AB", "93122");

        t.change(change(MutationKind.NEW, null, gym, "feed-1"));

        assertThat(t.proposals()).extracting(ProposalRaised::getEnvironmentId).containsExactly("env-d");
    }

    @Test
    void profileRulesDecide() {
        t.environment("env-a", true);
        t.profile(profile("env-a", "exclude", new int[] {5200, 5500}, "93").setSbiExclude(List.of("9312")).build());
        t.change(change(MutationKind.NEW, null, registration(key(1), "5211AB", "93122"), "feed-1"));
        assertThat(t.proposals()).as("exclude wins").isEmpty();
        t.change(change(MutationKind.NEW, null, registration(key(2), "5501AB", "93110"), "feed-1"));
        assertThat(t.proposals()).as("postcode outside the range").isEmpty();
        t.change(change(MutationKind.NEW, null, registration(key(3), "5500ZZ", "93110"), "feed-1"));
        assertThat(t.proposals()).as("ranges are inclusive").hasSize(1);
        t.change(change(MutationKind.NEW, null, registration(key(4), "5300AA", "4711", "93110"), "feed-1"));
        assertThat(t.proposals()).as("PRIMARY scope ignores secondary codes").isEmpty();
        t.profile(profile("env-a", "exclude", new int[] {5200, 5500}, "93").setSbiScope(SbiScope.ANY)
                .setLegalForms(List.of(nl.kvksync.contracts.kvk.LegalForm.BV)).setMinEmployees(10).build());
        t.change(change(MutationKind.NEW, null, registration(key(5), "5300AA", "4711", "93110"), "feed-1"));
        assertThat(t.proposals()).as("ANY scope, BV, 12 employees").hasSize(1);
        Registration small = Registration.newBuilder(registration(key(6), "5300AA", "93110")).setEmployees(3).build();
        t.change(change(MutationKind.NEW, null, small, "feed-1"));
        assertThat(t.proposals()).as("fewer employees than the minimum").isEmpty();
        Registration vof = Registration.newBuilder(registration(key(8), "5300AA", "93110"))
                .setLegalForm(nl.kvksync.contracts.kvk.LegalForm.VOF).build();
        t.change(change(MutationKind.NEW, null, vof, "feed-1"));
        assertThat(t.proposals()).as("legal form not listed").isEmpty();
    }

    @Test
    void deletedProfilesNoLongerMatch() {
        t.environment("env-a", true);
        ImportProfile p = profile("env-a", "p", new int[] {5200, 5500}, "93").build();
        t.profile(p);
        t.profile(ImportProfile.newBuilder(p).setDeleted(true).build());
        t.change(change(MutationKind.NEW, null, registration(key(1), "5211AB", "93122"), "feed-1"));
        t.profile(p);
        t.profiles.pipeInput("env-a:p", null);
        t.change(change(MutationKind.NEW, null, registration(key(2), "5211AB", "93122"), "feed-1"));
        assertThat(t.proposals()).isEmpty();
        assertThat(t.state.profiles().size()).isZero();
    }

    @Test
    void anInvalidProfileIsDroppedAndCountedAndTheStreamGoesOn() {
        t.environment("env-a", true);
        t.profile(profile("env-a", "p", new int[] {5200, 5500}, "93").build());
        // A later version of the same profile turns invalid (from > to, unknown SBI prefix): it stops matching.
        t.profile(profile("env-a", "p", new int[] {5500, 5200}, "99999").build());
        t.profile(profile("env-a", "q", new int[] {5200, 5500}).build());

        t.change(change(MutationKind.NEW, null, registration(key(1), "5211AB", "93122"), "feed-1"));
        assertThat(t.proposals()).isEmpty();
        assertThat(t.counter("kvksync.matcher.invalid.profiles")).isEqualTo(2);

        t.profile(profile("env-a", "r", new int[] {5200, 5500}, "93").build());
        t.change(change(MutationKind.NEW, null, registration(key(2), "5211AB", "93122"), "feed-1"));
        assertThat(t.proposals()).extracting(ProposalRaised::getProfileIds).containsExactly(List.of("r"));
    }

    @Test
    void replayingTheSameChangesYieldsTheSameProposals() {
        t.environment("env-a", true);
        t.profile(profile("env-a", "p", new int[] {5200, 5500}, "93").build());
        t.subscribe(subscription("env-a", "org-1", key(1), true, SubscriptionOrigin.CREATED_FROM_KVK, 1));
        var changes = List.of(change(MutationKind.CHANGED, before, after, "feed-1", "tradeName"),
                change(MutationKind.NEW, null, registration(key(2), "5211AB", "93122"), "feed-1"));

        changes.forEach(t::change);
        List<ProposalRaised> first = t.proposals();
        changes.forEach(t::change);
        List<ProposalRaised> replay = t.proposals();

        assertThat(first).hasSize(2);
        assertThat(replay).isEqualTo(first);
        assertThat(first.get(0).getProposalId()).isEqualTo(ProposalIds.of("env-a", key(1), "feed:feed-1",
                ProposalKind.UPDATE, "org-1"));

        t.change(change(MutationKind.CHANGED, before, after, "feed-2", "tradeName"));
        assertThat(t.proposals()).extracting(ProposalRaised::getProposalId)
                .doesNotContain(first.get(0).getProposalId());
    }

    @Test
    void linkingAnOrganisationRaisesOneEnrichmentProposalFromTheCurrentSnapshot() {
        t.environment("env-a", true);
        t.register(after);
        t.subscribe(subscription("env-a", "org-5", key(1), true, SubscriptionOrigin.LINKED, 7));
        t.subscribe(subscription("env-a", "org-5", key(1), true, SubscriptionOrigin.LINKED, 7));

        assertThat(t.proposals()).singleElement().satisfies(p -> {
            assertThat(p.getKind()).isEqualTo(ProposalKind.UPDATE);
            assertThat(p.getOrganisationId()).isEqualTo("org-5");
            assertThat(p.getRegistration()).isEqualTo(after);
            assertThat(p.getPrevious()).isNull();
            assertThat(p.getChangedFields()).contains("tradeName", "visitingAddress", "sbiActivities");
            assertThat(p.getReasons()).singleElement().satisfies(r -> assertThat(r.getKind()).isEqualTo(ReasonKind.LINK));
            assertThat(p.getProposalId()).isEqualTo(ProposalIds.of("env-a", key(1), "subscription:7",
                    ProposalKind.UPDATE, "org-5"));
        });

        // A later version of the same link (the organisation was edited) is not a new link.
        t.subscribe(subscription("env-a", "org-5", key(1), true, SubscriptionOrigin.LINKED, 8));
        assertThat(t.proposals()).isEmpty();
    }

    @Test
    void aLinkToARegistrationTheRegisterDoesNotKnowYetOrInAnEnvironmentWithoutTheModuleYieldsNothing() {
        t.environment("env-a", true);
        t.environment("env-b", false);
        t.subscribe(subscription("env-a", "org-5", key(1), true, SubscriptionOrigin.LINKED, 7));
        t.register(after);
        t.subscribe(subscription("env-b", "org-6", key(1), true, SubscriptionOrigin.LINKED, 7));
        assertThat(t.proposals()).isEmpty();
        assertThat(t.counter("kvksync.matcher.link.unresolved")).isEqualTo(1);
        // The subscription itself counts: the next change reaches org-5.
        t.change(change(MutationKind.CHANGED, after, before, "feed-1", "tradeName"));
        assertThat(t.proposals()).extracting(ProposalRaised::getOrganisationId).containsExactly("org-5");
    }

    @Test
    void theRegisterFeedsTheIndexWithActiveRegistrationsOnly() {
        t.register(before);
        t.register(registration(key(2), "1011AA", "4711"));
        assertThat(t.state.index().size()).isEqualTo(2);
        t.register(ended(before));
        assertThat(t.state.index().contains(key(1))).isFalse();
        t.registrations.pipeInput(key(2), null);
        assertThat(t.state.index().size()).isZero();
        assertThat(RegistrationKeys.decode(RegistrationKeys.encode(key(2)))).isEqualTo(key(2));
    }
}
