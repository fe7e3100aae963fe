package nl.kvksync.ingestor.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import nl.kvksync.contracts.kvk.EndReason;
import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.ingestor.feed.FeedRecord;
import org.junit.jupiter.api.Test;

class ChangeDetectorTest {

    static Registration shop(String name) {
        return Registration.newBuilder().setRegistrationKey("000012345678").setKvkNummer("12345678")
                .setVestigingsnummer("000012345678").setTradeName(name).setTradeNames(List.of(name))
                .setStatus(RegistrationStatus.ACTIVE).build();
    }

    @Test
    void anIdenticalRecordIsUnchanged() {
        ChangeDetector.Decision d = ChangeDetector.decide(new FeedRecord(shop("A"), MutationKind.CHANGED, null, null,
                false), shop("A"));
        assertThat(d.unchanged()).isTrue();
    }

    @Test
    void aChangeNamesExactlyTheFieldsThatDiffer() {
        ChangeDetector.Decision d = ChangeDetector.decide(new FeedRecord(shop("B"), MutationKind.CHANGED, null, null,
                false), shop("A"));
        assertThat(d.kind()).isEqualTo(MutationKind.CHANGED);
        assertThat(d.changedFields()).containsExactly("tradeName", "tradeNames");
    }

    @Test
    void anUnknownRegistrationIsNewUnlessTheFeedSaysWijziging() {
        assertThat(ChangeDetector.decide(new FeedRecord(shop("A"), MutationKind.NEW, null, null, false), null).kind())
                .isEqualTo(MutationKind.NEW);
        assertThat(ChangeDetector.decide(new FeedRecord(shop("A"), null, null, null, false), null).kind())
                .isEqualTo(MutationKind.NEW);
        ChangeDetector.Decision d = ChangeDetector.decide(new FeedRecord(shop("A"), MutationKind.CHANGED, null, null,
                false), null);
        assertThat(d.kind()).isEqualTo(MutationKind.CHANGED);
        assertThat(d.changedFields()).containsExactly("registrationKey", "kvkNummer", "vestigingsnummer", "status",
                "tradeName", "tradeNames");
    }

    @Test
    void aNieuwOfAKnownRegistrationWithDifferencesIsAChange() {
        assertThat(ChangeDetector.decide(new FeedRecord(shop("B"), MutationKind.NEW, null, null, false), shop("A"))
                .kind()).isEqualTo(MutationKind.CHANGED);
    }

    @Test
    void aBareBeeindigingEndsTheReplicasSnapshot() {
        Registration named = Registration.newBuilder().setRegistrationKey("000012345678").setKvkNummer("12345678")
                .setVestigingsnummer("000012345678").setStatus(RegistrationStatus.ENDED).build();
        ChangeDetector.Decision d = ChangeDetector.decide(new FeedRecord(named, MutationKind.ENDED, "2026-11-27",
                EndReason.BANKRUPT, true), shop("A"));
        assertThat(d.kind()).isEqualTo(MutationKind.ENDED);
        assertThat(d.next().getTradeName()).as("kept from the replica").isEqualTo("A");
        assertThat(d.next().getEndReason()).isEqualTo(EndReason.BANKRUPT);
        assertThat(d.next().getEndDate()).isEqualTo("2026-11-27");
        assertThat(d.changedFields()).containsExactly("status", "endDate", "endReason");

        ChangeDetector.Decision again = ChangeDetector.decide(new FeedRecord(named, MutationKind.ENDED, "2026-11-27",
                EndReason.BANKRUPT, true), d.next());
        assertThat(again.unchanged()).as("ending an ended registration again").isTrue();
    }
}
