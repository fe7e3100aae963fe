package nl.kvksync.ingestor.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.LegalForm;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.contracts.kvk.SbiActivity;
import nl.kvksync.contracts.kvk.SbiVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every 200 response recorded from the KvK test environment (src/test/resources/kvk/test-env, copied from
 * ../shared/data/kvk/examples/test-env) is accepted as a feed line as it is, and mapped field by field.
 */
class RecordedResponsesTest {

    static final FeedRecordReader reader = new FeedRecordReader(SbiCatalogue.standard(), 1 << 20);

    static byte[] resource(String name) throws IOException {
        try (InputStream in = RecordedResponsesTest.class.getResourceAsStream("/kvk/test-env/" + name)) {
            return in.readAllBytes();
        }
    }

    static Registration accept(byte[] line) {
        FeedRecordReader.Outcome outcome = reader.read(line, 0, line.length);
        assertThat(outcome.rejection()).as("rejection").isNull();
        return outcome.record().registration();
    }

    @Test
    void vestigingsprofiel000038509504() throws IOException {
        FeedRecord record = reader.read(resource("v1_vestigingsprofielen_000038509504__200.json"), 0,
                resource("v1_vestigingsprofielen_000038509504__200.json").length).record();
        assertThat(record.kind()).as("no mutatie header: the replica decides").isNull();
        assertThat(record.endOnly()).isFalse();
        Registration r = record.registration();

        assertThat(r.getRegistrationKey()).isEqualTo("000038509504");
        assertThat(r.getKvkNummer()).isEqualTo("69599084");
        assertThat(r.getVestigingsnummer()).isEqualTo("000038509504");
        assertThat(r.getRsin()).isNull();
        assertThat(r.getStatus()).isEqualTo(RegistrationStatus.ACTIVE);
        assertThat(r.getTradeName()).isEqualTo("Test EMZ Dagobert");
        assertThat(r.getTradeNames()).containsExactly("Test EMZ Dagobert", "Tweede handelsnaam 1MZ",
                "Derde handelsnaam 1MZ", "Vierde handelsnaam 1MZ");
        assertThat(r.getStatutoryName()).isNull();
        assertThat(r.getWebsite()).isNull();
        assertThat(r.getPhone()).isNull();
        assertAbebeBikilalaan(r.getVisitingAddress());
        assertThat(r.getPostalAddress()).isNull();
        assertMeatActivities(r.getSbiActivities());
        assertThat(r.getEmployees()).isEqualTo(1);
        assertThat(r.getFoundingDate()).isEqualTo("2015-08-28");
        assertThat(r.getEndDate()).isNull();
        assertThat(r.getEndReason()).isNull();
        assertThat(r.getLegalForm()).isNull();
        assertThat(r.getLegalFormText()).isNull();
        assertThat(r.getMainEstablishment()).isTrue();
        assertThat(r.getRegisteredOn()).isEqualTo("2020-08-28");
    }

    @Test
    void basisprofiel69599084MapsToItsHoofdvestiging() throws IOException {
        Registration r = accept(resource("v1_basisprofielen_69599084__200.json"));

        assertThat(r.getRegistrationKey()).isEqualTo("000038509504");
        assertThat(r.getKvkNummer()).isEqualTo("69599084");
        assertThat(r.getVestigingsnummer()).isEqualTo("000038509504");
        assertThat(r.getRsin()).isNull();
        assertThat(r.getStatus()).isEqualTo(RegistrationStatus.ACTIVE);
        assertThat(r.getTradeName()).isEqualTo("Test EMZ Dagobert");
        assertThat(r.getTradeNames()).containsExactly("Test EMZ Dagobert", "Tweede handelsnaam 1MZ",
                "Derde handelsnaam 1MZ", "Vierde handelsnaam 1MZ", "Test EMZ Nevenvestiging Govert",
                "Tweede handelsnaam Vestiging2", "Derde handelsnaam Vestiging2", "Vierde handelsnaam Vestiging2");
        assertThat(r.getStatutoryName()).isNull();
        assertThat(r.getWebsite()).isNull();
        assertThat(r.getPhone()).isNull();
        assertAbebeBikilalaan(r.getVisitingAddress());
        assertThat(r.getPostalAddress()).isNull();
        assertMeatActivities(r.getSbiActivities());
        assertThat(r.getEmployees()).isEqualTo(1);
        assertThat(r.getFoundingDate()).as("the hoofdvestiging's datumAanvang").isEqualTo("2015-08-28");
        assertThat(r.getEndDate()).isNull();
        assertThat(r.getEndReason()).isNull();
        assertThat(r.getLegalForm()).isEqualTo(LegalForm.EENMANSZAAK);
        assertThat(r.getLegalFormText()).isEqualTo("Eenmanszaak");
        assertThat(r.getMainEstablishment()).isTrue();
        assertThat(r.getRegisteredOn()).isEqualTo("2020-08-28");
    }

    @Test
    void zoekenByKvkNummer69599084MapsBothResults() throws IOException {
        List<Registration> results = zoekenResults("v2_zoeken_kvkNummer_69599084__200.json");
        assertThat(results).hasSize(2);

        Registration neven = results.get(0);
        assertThat(neven.getRegistrationKey()).isEqualTo("000038509520");
        assertThat(neven.getKvkNummer()).isEqualTo("69599084");
        assertThat(neven.getVestigingsnummer()).isEqualTo("000038509520");
        assertThat(neven.getRsin()).isNull();
        assertThat(neven.getStatus()).isEqualTo(RegistrationStatus.ACTIVE);
        assertThat(neven.getTradeName()).isEqualTo("Test EMZ Nevenvestiging Govert");
        assertThat(neven.getTradeNames()).containsExactly("Test EMZ Nevenvestiging Govert");
        assertThat(neven.getMainEstablishment()).isFalse();
        Address a = neven.getVisitingAddress();
        assertThat(a.getStreet()).isEqualTo("Geneinde");
        assertThat(a.getCity()).isEqualTo("Maastricht");
        assertThat(a.getHouseNumber()).isNull();
        assertThat(a.getPostcode()).isNull();
        assertThat(a.getCountry()).isNull();
        assertThat(a.getShielded()).isFalse();
        assertThat(neven.getPostalAddress()).isNull();
        assertThat(neven.getSbiActivities()).isEmpty();
        assertThat(neven.getEmployees()).isNull();
        assertThat(neven.getFoundingDate()).isNull();
        assertThat(neven.getLegalForm()).isNull();
        assertThat(neven.getWebsite()).isNull();

        Registration hoofd = results.get(1);
        assertThat(hoofd.getRegistrationKey()).isEqualTo("000038509504");
        assertThat(hoofd.getKvkNummer()).isEqualTo("69599084");
        assertThat(hoofd.getTradeName()).isEqualTo("Test EMZ Dagobert");
        assertThat(hoofd.getMainEstablishment()).isTrue();
        assertThat(hoofd.getVisitingAddress().getStreet()).isEqualTo("Abebe Bikilalaan");
        assertThat(hoofd.getVisitingAddress().getCity()).isEqualTo("Amsterdam");
        assertThat(hoofd.getStatus()).isEqualTo(RegistrationStatus.ACTIVE);
    }

    @Test
    void zoekenByRsin992760562ReadsThePostadresVocabulary() throws IOException {
        List<Registration> results = zoekenResults("v2_zoeken_rsin_992760562__200.json");
        assertThat(results).hasSize(1);
        Registration r = results.get(0);

        assertThat(r.getRegistrationKey()).isEqualTo("990000541921");
        assertThat(r.getKvkNummer()).isEqualTo("90001354");
        assertThat(r.getVestigingsnummer()).isEqualTo("990000541921");
        assertThat(r.getRsin()).as("passes the eleven-check").isEqualTo("992760562");
        assertThat(r.getTradeName()).isEqualTo("Grand Joyflex B.V.");
        assertThat(r.getTradeNames()).containsExactly("Grand Joyflex B.V.");
        assertThat(r.getMainEstablishment()).isTrue();
        assertThat(r.getVisitingAddress()).isNull();
        assertThat(r.getPostalAddress().getCity()).isEqualTo("Sterksel");
        assertThat(r.getPostalAddress().getStreet()).isNull();
        assertThat(r.getStatus()).isEqualTo(RegistrationStatus.ACTIVE);
        assertThat(r.getSbiActivities()).isEmpty();
    }

    @Test
    void errorBodiesAreRejectedAsSourceErrorsWithKvksCodeAndText() throws IOException {
        for (String file : List.of("v1_basisprofielen_12345678__404.json", "v1_vestigingsprofielen_12345678__400.json",
                "v2_zoeken_kvkNummer_12345678__404.json")) {
            byte[] body = resource(file);
            Rejection r = reader.read(body, 0, body.length).rejection();
            assertThat(r.reason()).as(file).isEqualTo(nl.kvksync.contracts.kvk.RejectionReason.SOURCE_ERROR);
            assertThat(r.field()).isEqualTo("fout");
            assertThat(r.detail()).containsPattern("IPD\\d{4}: ");
        }
        byte[] body = resource("v1_basisprofielen_12345678__404.json");
        assertThat(reader.read(body, 0, body.length).rejection().detail()).isEqualTo("the source could not deliver "
                + "this registration: IPD0005: Op basis van het KVK-nummer 12345678 kan het product niet worden "
                + "geleverd.");
    }

    @Test
    void aMutatieserviceLineKeepsItsSignalOutOfTheWay() throws IOException {
        String profile = new String(resource("v1_vestigingsprofielen_000038509504__200.json"), StandardCharsets.UTF_8);
        String line = "{\"mutatie\":{\"soort\":\"WIJZIGING\",\"datumIngang\":\"20261127\"},\"signaal\":{\"id\":"
                + "\"aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\",\"type\":\"SignaalGewijzigdeVestiging\",\"timestamp\":"
                + "\"2020-01-01T00:00:00Z\"}," + profile.substring(1);
        Registration r = accept(line.getBytes(StandardCharsets.UTF_8));
        assertThat(r.getRegistrationKey()).isEqualTo("000038509504");
    }

    /** Each Zoeken result item, with a mutatie header, as one feed line. */
    static List<Registration> zoekenResults(String file) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        JsonNode page = json.readTree(resource(file));
        List<Registration> out = new ArrayList<>();
        for (JsonNode item : page.get("resultaten")) {
            String line = "{\"mutatie\":{\"soort\":\"WIJZIGING\",\"datumIngang\":\"20261127\"},"
                    + item.toString().substring(1);
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            FeedRecordReader.Outcome outcome = reader.read(bytes, 0, bytes.length);
            assertThat(outcome.rejection()).isNull();
            out.add(outcome.record().registration());
        }
        return out;
    }

    static void assertAbebeBikilalaan(Address a) {
        assertThat(a.getStreet()).isEqualTo("Abebe Bikilalaan");
        assertThat(a.getHouseNumber()).isEqualTo(17);
        assertThat(a.getHouseLetter()).isEqualTo("M");
        assertThat(a.getHouseNumberAddition()).isNull();
        assertThat(a.getAddition()).isNull();
        assertThat(a.getPoBox()).isNull();
        assertThat(a.getPostcode()).isEqualTo("1034WL");
        assertThat(a.getCity()).isEqualTo("Amsterdam");
        assertThat(a.getStreetAndNumber()).isNull();
        assertThat(a.getPostcodeAndCity()).isNull();
        assertThat(a.getRegion()).isNull();
        assertThat(a.getCountry()).isEqualTo("Nederland");
        assertThat(a.getShielded()).isFalse();
    }

    static void assertMeatActivities(List<SbiActivity> sbi) {
        assertThat(sbi).hasSize(3);
        assertThat(sbi.get(0).getCode()).isEqualTo("10110");
        assertThat(sbi.get(0).getDescription())
                .isEqualTo("Verwerking en conservering van vlees, met uitzondering van vlees van gevogelte");
        assertThat(sbi.get(0).getPrimary()).isTrue();
        assertThat(sbi.get(0).getVersion()).as("10110 is a SBI 2025 code").isEqualTo(SbiVersion.SBI2025);
        assertThat(sbi.get(1).getCode()).isEqualTo("10120");
        assertThat(sbi.get(1).getDescription()).isEqualTo("Verwerking en conservering van vlees van gevogelte");
        assertThat(sbi.get(1).getPrimary()).isFalse();
        assertThat(sbi.get(2).getCode()).isEqualTo("10130");
        assertThat(sbi.get(2).getDescription()).isEqualTo("Vervaardiging van vleesproducten");
        assertThat(sbi.get(2).getPrimary()).isFalse();
    }
}
