package nl.kvksync.matcher.imports;

import static nl.kvksync.matcher.Fixtures.ended;
import static nl.kvksync.matcher.Fixtures.importRequested;
import static nl.kvksync.matcher.Fixtures.key;
import static nl.kvksync.matcher.Fixtures.profile;
import static nl.kvksync.matcher.Fixtures.registration;
import static nl.kvksync.matcher.Fixtures.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import nl.kvksync.contracts.crm.SubscriptionOrigin;
import nl.kvksync.contracts.matcher.ImportProgressed;
import nl.kvksync.contracts.matcher.ImportStatus;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.contracts.matcher.ReasonKind;
import nl.kvksync.contracts.review.ImportProfile;
import nl.kvksync.matcher.routing.ProposalIds;
import nl.kvksync.matcher.routing.TopologyHarness;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ImportTopologyTest {

    final TopologyHarness t = new TopologyHarness(new ImportSettings(4, Duration.ofMillis(100), 100_000));
    final ImportProfile sport = profile("env-a", "p-sport", new int[] {5200, 5500}, "93").build();

    @AfterEach
    void close() {
        t.close();
    }

    /** Ten sports registrations in range, two outside the range, one ended, one baker. */
    void register() {
        for (int i = 1; i <= 10; i++) {
            t.register(registration(key(i), "5" + (200 + i) + "AB", "93122"));
        }
        t.register(registration(key(11), "1011AA", "93122"));
        t.register(registration(key(12), "5600AA", "93122"));
        t.register(ended(registration(key(13), "5300AA", "93122")));
        t.register(registration(key(14), "5300AA", "1071"));
    }

    @Test
    void emitsNewProposalsForTheWholeSelectionMinusWhatTheEnvironmentAlreadyFollowsWithProgress() {
        t.environment("env-a", true);
        register();
        t.subscribe(subscription("env-a", "org-1", key(3), true, SubscriptionOrigin.CREATED_FROM_KVK, 1));
        t.subscribe(subscription("env-b", "org-1", key(4), true, SubscriptionOrigin.CREATED_FROM_KVK, 1));

        t.imports.pipeInput("env-a:p-sport", importRequested("imp-1", sport, 5, 100));
        t.runImports();

        List<TestRecord<String, ProposalRaised>> proposals = t.proposalRecords();
        assertThat(proposals).hasSize(9);
        assertThat(proposals).extracting(r -> r.value().getRegistrationKey()).doesNotContain(key(3), key(11),
                key(12), key(13), key(14)).contains(key(4));
        ProposalRaised p = proposals.get(0).value();
        assertThat(proposals.get(0).key()).isEqualTo("env-a:" + p.getRegistrationKey());
        assertThat(p.getKind()).isEqualTo(ProposalKind.NEW);
        assertThat(p.getImportId()).isEqualTo("imp-1");
        assertThat(p.getOrganisationType()).isEqualTo("prospect");
        assertThat(p.getProfileIds()).containsExactly("p-sport");
        assertThat(p.getRegistration().getRegistrationKey()).isEqualTo(p.getRegistrationKey());
        assertThat(p.getReasons()).singleElement().satisfies(r -> {
            assertThat(r.getKind()).isEqualTo(ReasonKind.IMPORT);
            assertThat(r.getPostcodeRange()).isEqualTo("5200-5500");
            assertThat(r.getSbiRule()).isEqualTo("93 -> 93122");
            assertThat(r.getDetail()).contains("imp-1", "Profile p-sport");
        });
        assertThat(p.getProposalId()).isEqualTo(ProposalIds.of("env-a", p.getRegistrationKey(), "import:imp-1",
                ProposalKind.NEW, null));

        List<ImportProgressed> progress = t.progress.readValuesToList();
        assertThat(progress).extracting(ImportProgressed::getStatus).containsExactly(ImportStatus.STARTED,
                ImportStatus.RUNNING, ImportStatus.RUNNING, ImportStatus.COMPLETED);
        assertThat(progress).extracting(ImportProgressed::getEmitted).containsExactly(0L, 4L, 8L, 9L);
        assertThat(progress).allSatisfy(e -> {
            assertThat(e.getSelected()).isEqualTo(10);
            assertThat(e.getAlreadySubscribed()).isEqualTo(1);
            assertThat(e.getTotal()).isEqualTo(9);
        });
        assertThat(t.progress.isEmpty()).isTrue();
        assertThat(t.counter("kvksync.matcher.imports", "status", "COMPLETED")).isEqualTo(1);

        // Redelivery of the same request: nothing again.
        t.imports.pipeInput("env-a:p-sport", importRequested("imp-1", sport, 5, 100));
        t.runImports();
        assertThat(t.proposals()).isEmpty();
        assertThat(t.progress.isEmpty()).isTrue();
    }

    @Test
    void refusesASelectionOutsideTheBandWithADetailTheAdminCanActOn() {
        t.environment("env-a", true);
        register();

        t.imports.pipeInput("env-a:p-sport", importRequested("imp-small", sport, 11, 100));
        t.imports.pipeInput("env-a:p-sport", importRequested("imp-big", sport, 1, 9));
        t.runImports();

        assertThat(t.proposals()).isEmpty();
        List<ImportProgressed> progress = t.progress.readValuesToList();
        assertThat(progress).extracting(ImportProgressed::getImportId, ImportProgressed::getStatus,
                ImportProgressed::getSelected).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("imp-small", ImportStatus.REFUSED, 10L),
                        org.assertj.core.groups.Tuple.tuple("imp-big", ImportStatus.REFUSED, 10L));
        assertThat(progress.get(0).getDetail()).contains("selects 10 active registrations", "fewer than the minimum of 11",
                "widen");
        assertThat(progress.get(1).getDetail()).contains("more than the maximum of 9", "narrow");
    }

    @Test
    void refusesWhenTheAdvancedModuleIsOffOrTheProfileIsInvalid() {
        t.environment("env-a", false);
        register();
        t.imports.pipeInput("env-a:p-sport", importRequested("imp-1", sport, 1, 100));
        t.environment("env-a", true);
        ImportProfile broken = profile("env-a", "p-x", new int[] {5500, 5200}, "93").build();
        t.imports.pipeInput("env-a:p-x", importRequested("imp-2", broken, 1, 100));
        t.runImports();

        assertThat(t.proposals()).isEmpty();
        assertThat(t.progress.readValuesToList()).extracting(ImportProgressed::getDetail).containsExactly(
                "The advanced KvK module is off in environment env-a: switch it on before importing.",
                "The profile is invalid: postcodeRanges[0]: from 5500 is greater than to 5200.");
    }

    @Test
    void skipsRegistrationsThatEndedBetweenSelectionAndEmission() {
        t.environment("env-a", true);
        register();
        t.imports.pipeInput("env-a:p-sport", importRequested("imp-1", sport, 1, 100));
        // Ended after the plan was made: the index drops it, the on-disk snapshot says ENDED.
        t.register(ended(registration(key(1), "5201AB", "93122")));
        t.runImports();

        assertThat(t.proposals()).hasSize(9).extracting(ProposalRaised::getRegistrationKey).doesNotContain(key(1));
        List<ImportProgressed> progress = t.progress.readValuesToList();
        ImportProgressed done = progress.get(progress.size() - 1);
        assertThat(done.getStatus()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(done.getEmitted()).isEqualTo(9);
        assertThat(done.getTotal()).isEqualTo(10);
        assertThat(done.getDetail()).startsWith("1 selected registrations ended");
    }
}
