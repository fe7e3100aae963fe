package nl.kvksync.ingestor.mutatieservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import nl.kvksync.ingestor.mutatieservice.KvkApiClient.SignalInfo;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class SignalFeedLineTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    @Test
    void mapsEverySignalTypeToAMutationKind() {
        assertThat(SignalFeedLine.soort("SignaalNieuweInschrijving")).isEqualTo("NIEUW");
        assertThat(SignalFeedLine.soort("SignaalBeeindiging_2025_01")).isEqualTo("BEEINDIGING");
        for (String type : new String[] {"SignaalGewijzigdeInschrijving", "SignaalGewijzigdeVestiging",
                "SignaalRechtsvormwijziging_2025_01", "SignaalVoortzettingEnOverdracht_2025_01",
                "SignaalAdreswijziging_2025_01", "SignaalNaamgeving_2025_01", "SignaalFusieSplitsing_2025_01",
                "SignaalActiviteitenWijziging_2025_01", null}) {
            assertThat(SignalFeedLine.soort(type)).as(type).isEqualTo("WIJZIGING");
        }
    }

    @Test
    void mapsTheEndReason() {
        assertThat(reason("Faillissement")).isEqualTo("FAILLISSEMENT");
        assertThat(reason("Fusie")).isEqualTo("FUSIE");
        assertThat(reason("Ontbinding rechtspersoon")).isEqualTo("ONTBINDING");
        assertThat(reason("Opheffing onderneming")).isEqualTo("OPHEFFING");
        assertThat(reason("Geen activiteiten meer")).isEqualTo("INACTIEF");
        assertThat(reason("Overlijden")).isEqualTo("OVERIG");
    }

    @Test
    void takesTheEffectiveDateFromStartdatumElseFromTheTimestampInTheNetherlands() {
        ObjectNode detail = SignalFeedLine.JSON.createObjectNode();
        SignalInfo info = new SignalInfo("a", "2026-11-26T23:30:00Z", "69599084", "SignaalGewijzigdeInschrijving", null);
        assertThat(SignalFeedLine.datumIngang(info, detail, TODAY)).isEqualTo("20261127");
        detail.put("startdatum", "20261120");
        assertThat(SignalFeedLine.datumIngang(info, detail, TODAY)).isEqualTo("20261120");
        detail.put("startdatum", "00000000");
        assertThat(SignalFeedLine.datumIngang(info, detail, TODAY)).isEqualTo("20261127");
        SignalInfo noTime = new SignalInfo("a", null, "69599084", "SignaalGewijzigdeInschrijving", null);
        assertThat(SignalFeedLine.datumIngang(noTime, SignalFeedLine.JSON.createObjectNode(), TODAY))
                .isEqualTo("20261127");
    }

    @Test
    void keepsTheProfileAndAddsOnlyMissingOwnerFields() {
        SignalInfo info = new SignalInfo("sig-1", "2026-11-26T10:00:00Z", "90001354", "SignaalGewijzigdeVestiging",
                "990000541921");
        String line = SignalFeedLine.line(info, SignalFeedLine.JSON.createObjectNode(),
                "{\"vestigingsnummer\":\"990000541921\",\"kvkNummer\":\"90001354\",\"rsin\":\"992760562\","
                        + "\"mutatie\":{\"soort\":\"NIEUW\"}}",
                "{\"rsin\":\"000000000\",\"rechtsvorm\":\"BV\",\"uitgebreideRechtsvorm\":\"Besloten vennootschap met "
                        + "gewone structuur\"}", TODAY);
        JsonNode node = SignalFeedLine.JSON.readTree(line);
        assertThat(node.path("rsin").asString()).isEqualTo("992760562");
        assertThat(node.path("rechtsvorm").asString()).isEqualTo("BV");
        assertThat(node.path("mutatie").path("soort").asString()).isEqualTo("WIJZIGING");
        assertThat(node.path("signaal").path("id").asString()).isEqualTo("sig-1");
        assertThat(line).doesNotContain("\n");
    }

    private static String reason(String omschrijving) {
        ObjectNode aanleiding = SignalFeedLine.JSON.createObjectNode();
        aanleiding.put("omschrijving", omschrijving);
        return SignalFeedLine.redenEinde(aanleiding);
    }
}
