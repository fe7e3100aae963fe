package nl.kvksync.crmsync.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.crmsync.organisation.Organisations;
import nl.kvksync.crmsync.register.LinkCandidates.Candidate;
import nl.kvksync.crmsync.support.Registrations;
import org.junit.jupiter.api.Test;

class LinkCandidatesTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    static Organisation organisation(String name, String kvkNummer, String vestigingsnummer, String postcode,
            Integer houseNumber) {
        Organisation o = Organisations.blank("o-1", "acme", null, T0);
        o.setTradeName(name);
        o.setKvkNummer(kvkNummer);
        o.setVestigingsnummer(vestigingsnummer);
        if (postcode != null) {
            o.setVisitingAddress(Address.newBuilder().setStreet("Abebe Bikilalaan").setHouseNumber(houseNumber)
                    .setPostcode(postcode).setCity("Amsterdam").build());
        }
        return o;
    }

    final Registration dagobert = Registrations.dagobert().build();

    @Test
    void anExactVestigingsnummerScores100AndAKvkNumber90() {
        List<Candidate> byEstablishment = LinkCandidates.rank(organisation(null, null, "000038509504", null, null),
                List.of(dagobert), 10);
        assertThat(byEstablishment.get(0).score()).isEqualTo(100);
        assertThat(byEstablishment.get(0).reasons()).containsExactly("vestigingsnummer 000038509504 matches exactly");

        List<Candidate> byCompany = LinkCandidates.rank(organisation(null, "69599084", null, null, null),
                List.of(dagobert), 10);
        assertThat(byCompany.get(0).score()).isEqualTo(90);
        assertThat(byCompany.get(0).reasons()).containsExactly(
                "KvK number 69599084 matches exactly (main establishment)");
    }

    @Test
    void nameAndPostcodeAddUpWithEveryReasonButStayBelowAnExactNumber() {
        List<Candidate> ranked = LinkCandidates.rank(organisation("Test EMZ Dagobert B.V.", null, null, "1034WL", 17),
                List.of(dagobert), 10);
        Candidate c = ranked.get(0);
        assertThat(c.score()).isEqualTo(89);
        assertThat(c.reasons()).containsExactly("name 'Test EMZ Dagobert B.V.' is 100% similar to 'Test EMZ Dagobert'",
                "postcode 1034WL matches", "house number 17 matches");

        Candidate area = LinkCandidates.rank(organisation("Dagobert", null, null, "1034XX", 1), List.of(dagobert), 10)
                .get(0);
        assertThat(area.reasons()).contains("postcode area 1034 matches");
        assertThat(area.score()).isLessThan(c.score());
    }

    @Test
    void leavesOutWeakCandidatesAndRanksBestFirst() {
        Registration unrelated = Registrations.grandJoyflex().build();
        List<Candidate> ranked = LinkCandidates.rank(organisation("Dagobert vlees", "69599084", null, null, null),
                List.of(unrelated, dagobert, dagobert), 10);
        assertThat(ranked).extracting(c -> c.registration().getRegistrationKey()).containsExactly("000038509504");
    }

    @Test
    void namesCompareWithoutCaseAccentsPunctuationOrLegalForm() {
        assertThat(LinkCandidates.normalise("Café 't Hoekje B.V.")).isEqualTo("cafe t hoekje");
        assertThat(LinkCandidates.dice("Bakkerij De Boer", "bakkerij de boer bv")).isEqualTo(1.0);
        assertThat(LinkCandidates.dice("Bakkerij De Boer", "Slagerij Jansen")).isLessThan(0.3);
        assertThat(LinkCandidates.searchWord("Test EMZ Dagobert B.V.")).isEqualTo("dagobert");
        assertThat(LinkCandidates.searchWord("B.V.")).isNull();
    }
}
