package nl.kvksync.review.proposal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.review.platform.ProblemException;
import nl.kvksync.review.sbi.SbiCatalogue;
import org.junit.jupiter.api.Test;

class ProposalIndexTest {

    static final long NOW = 1_800_000_000_000L;
    static final long DAY = 86_400_000L;
    static final SbiCatalogue SBI = SbiCatalogue.load();

    static ProposalSummary summary(String id, String env, ProposalKind kind, String org, long raisedAt, int postcode,
            String section, List<String> fields, List<String> conflicts) {
        return new ProposalSummary(id, env, "reg-" + id, kind, org, ProposalStatus.PENDING, raisedAt, "Name " + id,
                "69599084", "Eindhoven", postcode, "93122", section, fields, conflicts, null, null, "feed", null);
    }

    final ProposalIndex index = new ProposalIndex();

    {
        index.put(summary("a", "env", ProposalKind.UPDATE, "o1", NOW - 20 * DAY, 5611, "S", List.of("tradeName"),
                List.of("tradeName")));
        index.put(summary("b", "env", ProposalKind.UPDATE, "o2", NOW - 2 * DAY, 1034, "S", List.of("website"),
                List.of()));
        index.put(summary("c", "env", ProposalKind.ENDED, "o3", NOW - DAY, 5200, "G", List.of(), List.of()));
        index.put(summary("d", "env", ProposalKind.NEW, null, NOW, 5300, "S", List.of("tradeName"), List.of()));
        index.put(summary("x", "other", ProposalKind.UPDATE, "o9", NOW, 5300, "S", List.of(), List.of()));
    }

    private ProposalFilter filter(Map<String, String> query) {
        return ProposalFilter.parse(query, SBI);
    }

    @Test
    void pagesInQueueOrderAndCountsEveryKindWithTheOtherFilters() {
        var page = index.page("env", filter(Map.of("kind", "UPDATE")), 0, 1, NOW);
        assertThat(page.items()).extracting(ProposalSummary::proposalId).containsExactly("a");
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.counts()).containsEntry(ProposalKind.UPDATE, 2L).containsEntry(ProposalKind.ENDED, 1L)
                .containsEntry(ProposalKind.NEW, 1L);
        assertThat(index.page("env", filter(Map.of("kind", "UPDATE")), 1, 1, NOW).items())
                .extracting(ProposalSummary::proposalId).containsExactly("b");
        assertThat(index.page("env", filter(Map.of("postcodeFrom", "5000", "postcodeTo", "5299")), 0, 50, NOW)
                .counts()).containsEntry(ProposalKind.ENDED, 1L).containsEntry(ProposalKind.UPDATE, 0L);
    }

    @Test
    void filtersByFieldConflictSectionPostcodeAndAge() {
        assertThat(index.select("env", filter(Map.of("field", "website")), NOW)).extracting(ProposalSummary::proposalId)
                .containsExactly("b");
        assertThat(index.select("env", filter(Map.of("conflict", "true")), NOW))
                .extracting(ProposalSummary::proposalId).containsExactly("a");
        assertThat(index.select("env", filter(Map.of("sbiSection", "g")), NOW)).extracting(ProposalSummary::proposalId)
                .containsExactly("c");
        assertThat(index.select("env", filter(Map.of("postcodeFrom", "5200", "postcodeTo", "5611")), NOW))
                .extracting(ProposalSummary::proposalId).containsExactly("a", "c", "d");
        assertThat(index.select("env", filter(Map.of("olderThan", "P7D")), NOW)).extracting(ProposalSummary::proposalId)
                .containsExactly("a");
        assertThat(index.select("env", filter(Map.of("olderThan", "1")), NOW)).extracting(ProposalSummary::proposalId)
                .containsExactly("a", "b", "c");
    }

    @Test
    void keepsOneDecidableProposalPerSlotAndDropsWhatIsNoLongerOpen() {
        assertThat(index.inSlot("env|org|o1")).get().extracting(ProposalSummary::proposalId).isEqualTo("a");
        assertThat(index.inSlot("env|reg|reg-d")).get().extracting(ProposalSummary::proposalId).isEqualTo("d");
        index.put(index.get("a").orElseThrow().with(ProposalStatus.ACCEPTED, "d-1", null));
        assertThat(index.inSlot("env|org|o1")).isEmpty();
        assertThat(index.page("env", ProposalFilter.PENDING, 0, 50, NOW).total()).isEqualTo(3);
        assertThat(index.page("env", ProposalFilter.PENDING.withStatus(ProposalStatus.ACCEPTED), 0, 50, NOW).total())
                .isEqualTo(1);
        index.put(index.get("a").orElseThrow().with(ProposalStatus.APPLIED, "d-1", null));
        assertThat(index.get("a")).isEmpty();
        assertThat(index.size()).isEqualTo(4);
    }

    @Test
    void refusesBadFiltersNamingEachField() {
        assertThatThrownBy(() -> filter(Map.of("kind", "X", "status", "DONE", "field", "naam", "conflict", "yes",
                "sbiSection", "Z", "postcodeFrom", "0999", "olderThan", "-P1D")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors())
                        .extracting(ProblemException.FieldError::field)
                        .containsExactly("kind", "status", "field", "conflict", "sbiSection", "postcodeFrom",
                                "olderThan"));
        assertThatThrownBy(() -> filter(Map.of("postcodeFrom", "6000", "postcodeTo", "5000")))
                .isInstanceOf(ProblemException.class).hasMessageContaining("postcodeFrom");
        assertThat(filter(Map.of("olderThan", "PT12H")).olderThan()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void theLaterRaisedProposalWinsItsSlotAndTiesGoByIdSoReplaysAgree() {
        assertThat(SupersedeRule.newerWins(1, "a", 2, "b")).isTrue();
        assertThat(SupersedeRule.newerWins(2, "a", 1, "b")).isFalse();
        assertThat(SupersedeRule.newerWins(1, "a", 1, "b")).isTrue();
        assertThat(SupersedeRule.newerWins(1, "b", 1, "a")).isFalse();
    }
}
