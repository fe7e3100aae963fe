package nl.kvksync.review.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.review.support.Fixtures;
import org.junit.jupiter.api.Test;

class ThreeWayDiffTest {

    static final Instant SYNCED = Instant.parse("2026-10-02T10:00:00Z");
    final Registration before = Fixtures.registration("000038509504", "Dagobert", "1034WL", "93122");
    final Registration after = Fixtures.registration("000038509504", "Dagobert Sport", "1034WL", "93122");

    private static FieldDiff field(List<FieldDiff> diff, String name) {
        return diff.stream().filter(f -> f.field().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void takesKvkAtLastSyncFromProvenanceAndFlagsWhatKvkChanged() {
        Organisation org = Fixtures.organisation("env", "org-1", before, SYNCED, 1);
        List<FieldDiff> diff = ThreeWayDiff.of(null, after, org);
        FieldDiff name = field(diff, "tradeName");
        assertThat(name.kvkAtLastSync()).isEqualTo("Dagobert");
        assertThat(name.crmCurrent()).isEqualTo("Dagobert");
        assertThat(name.kvkNew()).isEqualTo("Dagobert Sport");
        assertThat(name.kvkChanged()).isTrue();
        assertThat(name.differsFromCrm()).isTrue();
        assertThat(name.conflict()).isFalse();
        assertThat(name.crmSource()).isEqualTo("KVK");
        assertThat(ThreeWayDiff.changedFields(diff)).containsExactly("tradeName");
        assertThat(ThreeWayDiff.conflictFields(diff)).isEmpty();
    }

    @Test
    void aUserEditAfterTheLastSyncThatDiffersFromKvkNewIsAConflict() {
        Organisation org = Fixtures.userEdited(Fixtures.organisation("env", "org-1", before, SYNCED, 1), "tradeName",
                "Dagobert Duck", "anna", SYNCED.plusSeconds(60));
        FieldDiff name = field(ThreeWayDiff.of(null, after, org), "tradeName");
        assertThat(name.conflict()).isTrue();
        assertThat(name.crmChangedBy()).isEqualTo("anna");
        assertThat(name.crmChangedAt()).isEqualTo(SYNCED.plusSeconds(60).toEpochMilli());
    }

    @Test
    void aUserEditThatAlreadyMatchesKvkNewIsNoConflict() {
        Organisation org = Fixtures.userEdited(Fixtures.organisation("env", "org-1", before, SYNCED, 1), "tradeName",
                "Dagobert Sport", "anna", SYNCED.plusSeconds(60));
        FieldDiff name = field(ThreeWayDiff.of(null, after, org), "tradeName");
        assertThat(name.conflict()).isFalse();
        assertThat(name.differsFromCrm()).isFalse();
    }

    @Test
    void aUserEditOnAFieldKvkDidNotChangeIsStillAConflictWhenItDiffersFromKvk() {
        Organisation org = Fixtures.userEdited(Fixtures.organisation("env", "org-1", before, SYNCED, 1), "website",
                "https://dagobert.example", "bert", SYNCED.plusSeconds(60));
        FieldDiff website = field(ThreeWayDiff.of(null, after, org), "website");
        assertThat(website.kvkChanged()).isFalse();
        assertThat(website.conflict()).isTrue();
    }

    @Test
    void withoutProvenanceFallsBackToThePreviousSnapshot() {
        Organisation bare = Organisation.newBuilder(Fixtures.organisation("env", "org-1", before, SYNCED, 1))
                .setProvenance(Map.of()).build();
        FieldDiff name = field(ThreeWayDiff.of(before, after, bare), "tradeName");
        assertThat(name.kvkAtLastSync()).isEqualTo("Dagobert");
        assertThat(name.crmSource()).isNull();
        assertThat(name.conflict()).isFalse();
    }

    @Test
    void aNewRegistrationWithoutOrganisationProposesEveryValueKvkHas() {
        List<FieldDiff> diff = ThreeWayDiff.of(null, after, null);
        assertThat(field(diff, "tradeName").differsFromCrm()).isTrue();
        assertThat(field(diff, "phone").differsFromCrm()).isFalse();
        assertThat(field(diff, "visitingAddress").kvkNew()).isEqualTo("Abebe Bikilalaan 17, 1034WL Amsterdam");
    }
}
