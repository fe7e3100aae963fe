package nl.kvksync.ingestor.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import nl.kvksync.contracts.kvk.EndReason;
import nl.kvksync.contracts.kvk.LegalForm;
import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.contracts.kvk.RejectionReason;
import nl.kvksync.contracts.kvk.SbiVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedValidationTest {

    static final FeedRecordReader reader = new FeedRecordReader(SbiCatalogue.standard(), 1 << 20);

    static final String GOOD = """
            {"mutatie":{"soort":"WIJZIGING","datumIngang":"20261127"},"vestigingsnummer":"000038509504",\
            "kvkNummer":"69599084","rsin":"992760562","rechtsvorm":"BV","uitgebreideRechtsvorm":\
            "Besloten vennootschap met gewone structuur","telefoonnummer":"020 - 123 45 67",\
            "eersteHandelsnaam":"Bakkerij  de Zon ","websites":["WWW.BakkerijDeZon.nl/"],\
            "materieleRegistratie":{"datumAanvang":"20150600","datumEinde":null},"formeleRegistratiedatum":"20150000",\
            "totaalWerkzamePersonen":"12","indHoofdvestiging":"Nee",\
            "adressen":[{"type":"correspondentieadres","postbusnummer":123,"postcode":"5211 ab","plaats":"'s-Hertogenbosch","land":"Nederland"},\
            {"type":"bezoekadres","indAfgeschermd":"Ja","straatHuisnummer":"Rue de la Loi 16","postcodeWoonplaats":"1000 Bruxelles","land":"België"}],\
            "sbiActiviteiten":[{"sbiCode":"01491","indHoofdactiviteit":"Nee"},{"sbiCode":"1071","sbiOmschrijving":"Brood","indHoofdactiviteit":"Ja"}],\
            "links":[{"rel":"self","href":"https://x"}],"_links":{"self":{"href":"https://x"}},"onbekendVeld":{"a":[1,2]}}""";

    static FeedRecordReader.Outcome read(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return reader.read(b, 0, b.length);
    }

    static Rejection rejection(String line) {
        FeedRecordReader.Outcome o = read(line);
        assertThat(o.record()).as("accepted: %s", o.record()).isNull();
        return o.rejection();
    }

    static String with(String from, String to) {
        assertThat(GOOD).contains(from);
        return GOOD.replace(from, to);
    }

    @Test
    void normalisesEveryQuirk() {
        FeedRecord record = read(GOOD).record();
        assertThat(record.kind()).isEqualTo(MutationKind.CHANGED);
        assertThat(record.effectiveDate()).isEqualTo("2026-11-27");
        Registration r = record.registration();
        assertThat(r.getRsin()).isEqualTo("992760562");
        assertThat(r.getLegalForm()).isEqualTo(LegalForm.BV);
        assertThat(r.getLegalFormText()).isEqualTo("Besloten vennootschap met gewone structuur");
        assertThat(r.getPhone()).isEqualTo("+31201234567");
        assertThat(r.getTradeName()).isEqualTo("Bakkerij de Zon");
        assertThat(r.getWebsite()).isEqualTo("https://www.bakkerijdezon.nl");
        assertThat(r.getFoundingDate()).isEqualTo("2015-06");
        assertThat(r.getRegisteredOn()).isEqualTo("2015");
        assertThat(r.getEmployees()).isEqualTo(12);
        assertThat(r.getMainEstablishment()).isFalse();
        assertThat(r.getPostalAddress().getPoBox()).isEqualTo(123);
        assertThat(r.getPostalAddress().getPostcode()).isEqualTo("5211AB");
        assertThat(r.getVisitingAddress().getStreetAndNumber()).isEqualTo("Rue de la Loi 16");
        assertThat(r.getVisitingAddress().getPostcodeAndCity()).isEqualTo("1000 Bruxelles");
        assertThat(r.getVisitingAddress().getCountry()).isEqualTo("België");
        assertThat(r.getVisitingAddress().getShielded()).isTrue();
        assertThat(r.getSbiActivities()).extracting(a -> a.getCode()).as("primary first").containsExactly("1071", "01491");
        assertThat(r.getSbiActivities().get(0).getDescription()).as("the feed's own").isEqualTo("Brood");
        assertThat(r.getSbiActivities().get(1).getDescription()).as("from the list")
                .isEqualTo("Fokken en houden van edelpelsdieren");
        assertThat(r.getSbiActivities().get(1).getVersion()).isEqualTo(SbiVersion.SBI2008);
        assertThat(r.getStatus()).isEqualTo(RegistrationStatus.ACTIVE);
    }

    @Test
    void beeindigingEndsTheRegistrationWithItsReason() {
        FeedRecord record = read(with("\"soort\":\"WIJZIGING\",\"datumIngang\":\"20261127\"",
                "\"soort\":\"BEEINDIGING\",\"datumIngang\":\"20261127\",\"redenEinde\":\"FAILLISSEMENT\"")).record();
        assertThat(record.kind()).isEqualTo(MutationKind.ENDED);
        assertThat(record.registration().getStatus()).isEqualTo(RegistrationStatus.ENDED);
        assertThat(record.registration().getEndReason()).isEqualTo(EndReason.BANKRUPT);
        assertThat(record.registration().getEndDate()).isEqualTo("2026-11-27");
        assertThat(record.endOnly()).isFalse();
    }

    @Test
    void aBareBeeindigingOnlyNamesTheRegistration() {
        FeedRecord record = read("{\"mutatie\":{\"soort\":\"BEEINDIGING\",\"datumIngang\":\"20261127\","
                + "\"redenEinde\":\"ONTBINDING\"},\"kvkNummer\":\"69599084\"}").record();
        assertThat(record.endOnly()).isTrue();
        assertThat(record.registration().getRegistrationKey()).isEqualTo("kvk:69599084");
        assertThat(record.endReason()).isEqualTo(EndReason.DISSOLVED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            kvkNummer 7 digits         | "kvkNummer":"69599084"          | "kvkNummer":"6959908"             | INVALID_KVK_NUMMER       | kvkNummer
            vestigingsnummer 8 digits  | "vestigingsnummer":"000038509504" | "vestigingsnummer":"12345678"   | INVALID_VESTIGINGSNUMMER | vestigingsnummer
            RSIN check digit           | "rsin":"992760562"              | "rsin":"992760563"                | INVALID_RSIN             | rsin
            RSIN letters               | "rsin":"992760562"              | "rsin":"99276056X"                | INVALID_RSIN             | rsin
            postcode first digit 0     | "5211 ab"                       | "0211AB"                          | INVALID_POSTCODE         | adressen[0].postcode
            postcode SS                | "5211 ab"                       | "5211SS"                          | INVALID_POSTCODE         | adressen[0].postcode
            postcode SA                | "5211 ab"                       | "5211 sa"                         | INVALID_POSTCODE         | adressen[0].postcode
            postcode SD                | "5211 ab"                       | "5211SD"                          | INVALID_POSTCODE         | adressen[0].postcode
            unknown SBI                | "sbiCode":"01491"               | "sbiCode":"99999"                 | UNKNOWN_SBI_CODE         | sbiActiviteiten[0].sbiCode
            SBI without leading zero   | "sbiCode":"01491"               | "sbiCode":"1491"                  | UNKNOWN_SBI_CODE         | sbiActiviteiten[0].sbiCode
            date month 13              | "datumAanvang":"20150600"       | "datumAanvang":"20151301"         | INVALID_DATE             | materieleRegistratie.datumAanvang
            date 31 February           | "datumAanvang":"20150600"       | "datumAanvang":"20150231"         | INVALID_DATE             | materieleRegistratie.datumAanvang
            date day without month     | "datumAanvang":"20150600"       | "datumAanvang":"20150015"         | INVALID_DATE             | materieleRegistratie.datumAanvang
            date not digits            | "datumAanvang":"20150600"       | "datumAanvang":"2015-6-1"         | INVALID_DATE             | materieleRegistratie.datumAanvang
            website with space         | "WWW.BakkerijDeZon.nl/"         | "bakkerij de zon"                 | INVALID_WEBSITE          | websites[0]
            phone letters              | "020 - 123 45 67"               | "bel ons"                         | INVALID_PHONE            | telefoonnummer
            phone too short            | "020 - 123 45 67"               | "020 123"                         | INVALID_PHONE            | telefoonnummer
            employees not a number     | "totaalWerkzamePersonen":"12"   | "totaalWerkzamePersonen":"twaalf" | INVALID_NUMBER           | totaalWerkzamePersonen
            employees negative         | "totaalWerkzamePersonen":"12"   | "totaalWerkzamePersonen":-3       | INVALID_NUMBER           | totaalWerkzamePersonen
            soort unknown              | "soort":"WIJZIGING"             | "soort":"VERHUIZING"              | INVALID_MUTATION         | mutatie.soort
            redenEinde unknown         | "datumIngang":"20261127"        | "datumIngang":"20261127","redenEinde":"PENSIOEN" | INVALID_MUTATION | mutatie.redenEinde
            datumIngang invalid        | "datumIngang":"20261127"        | "datumIngang":"20261327"          | INVALID_DATE             | mutatie.datumIngang
            no kvkNummer               | "kvkNummer":"69599084",         | ''                                | MISSING_FIELD            | kvkNummer
            adressen not an array      | "adressen":[                    | "adressen":7,"x":[                | MALFORMED_JSON           | adressen
            address is a string        | "adressen":[{"type":"correspondentieadres" | "adressen":["Dorpsstraat 1",{"type":"correspondentieadres" | NOT_AN_OBJECT | adressen[0]
            """)
    void rejectsNamingFieldAndReason(String name, String from, String to, RejectionReason reason, String field) {
        Rejection r = rejection(with(from, to));
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.field()).isEqualTo(field);
        assertThat(r.detail()).isNotBlank();
    }

    @Test
    void rejectsUnreadableLinesAsAWhole() {
        assertThat(rejection("").reason()).isEqualTo(RejectionReason.EMPTY_LINE);
        assertThat(rejection("   \t").reason()).isEqualTo(RejectionReason.EMPTY_LINE);
        assertThat(rejection(GOOD.substring(0, GOOD.length() / 2)).reason()).isEqualTo(RejectionReason.TRUNCATED_LINE);
        assertThat(rejection("[" + GOOD + "]").reason()).isEqualTo(RejectionReason.NOT_AN_OBJECT);
        assertThat(rejection("\"just a string\"").reason()).isEqualTo(RejectionReason.NOT_AN_OBJECT);
        assertThat(rejection("{kvkNummer: 1}").reason()).isEqualTo(RejectionReason.MALFORMED_JSON);
        assertThat(rejection(GOOD + GOOD).reason()).isEqualTo(RejectionReason.MALFORMED_JSON);
        Rejection r = rejection("{\"kvkNummer\":\"6959908" + "\"}");
        assertThat(r.field()).isEqualTo("kvkNummer");

        byte[] latin1 = GOOD.replace("Bakkerij", "Bäkkerij").getBytes(StandardCharsets.ISO_8859_1);
        Rejection utf8 = reader.read(latin1, 0, latin1.length).rejection();
        assertThat(utf8.reason()).isEqualTo(RejectionReason.INVALID_UTF8);
        assertThat(utf8.field()).isNull();
    }

    @Test
    void aHugeLineIsRejectedWithoutBufferingItAndTheNextLineIsRead() throws IOException {
        StringBuilder feed = new StringBuilder(GOOD).append('\n');
        feed.append("{\"kvkNummer\":\"").append("9".repeat(10 * 1024 * 1024)).append("\"}\r\n");
        feed.append(GOOD.replace("WIJZIGING", "NIEUW"));
        List<FeedRecordReader.Outcome> outcomes = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        try (FeedLineReader lines = new FeedLineReader(
                new ByteArrayInputStream(feed.toString().getBytes(StandardCharsets.UTF_8)), 1 << 20)) {
            FeedLineReader.Line line;
            while ((line = lines.next()) != null) {
                numbers.add(line.number());
                outcomes.add(reader.read(line));
            }
        }
        assertThat(numbers).containsExactly(1L, 2L, 3L);
        assertThat(outcomes.get(0).record()).isNotNull();
        assertThat(outcomes.get(1).rejection().reason()).isEqualTo(RejectionReason.LINE_TOO_LONG);
        assertThat(outcomes.get(1).rejection().detail()).contains("10485777 bytes");
        assertThat(outcomes.get(2).record().kind()).isEqualTo(MutationKind.NEW);
    }

    @Test
    void readsGzippedFeedsAndReportsACutOffStreamAfterTheLastWholeLine() throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            for (int i = 0; i < 200; i++) {
                gz.write((GOOD + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] whole = zipped.toByteArray();
        int count = 0;
        try (FeedLineReader lines = new FeedLineReader(new ByteArrayInputStream(whole), 1 << 20)) {
            while (lines.next() != null) {
                count++;
            }
        }
        assertThat(count).isEqualTo(200);

        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        try (FeedLineReader lines = new FeedLineReader(new ByteArrayInputStream(cut), 1 << 20)) {
            assertThatThrownBy(() -> {
                while (lines.next() != null) {
                    // read until the stream breaks
                }
            }).isInstanceOf(IOException.class);
        }
    }

    @ParameterizedTest
    @CsvSource({"020-1234567,+31201234567", "06 12345678,+31612345678", "+31 (0)20 123 4567,+31201234567",
        "0031201234567,+31201234567", "+32 2 555 12 12,+3225551212", "(010) 123 45 67,+31101234567"})
    void normalisesPhoneNumbersToE164(String in, String out) {
        assertThat(Normalise.phone(in, "telefoonnummer")).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource({"www.kvk.nl,https://www.kvk.nl", "http://Example.NL/,http://example.nl",
        "HTTPS://shop.example.nl/winkel?x=1,https://shop.example.nl/winkel?x=1", "kvk.nl/,https://kvk.nl"})
    void normalisesWebsitesToAbsoluteUrls(String in, String out) {
        assertThat(Normalise.website(in, "websites[0]")).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource({"www.kvk.nl", "WWW.KVK.NL/", "http://a.b", "https://x-1.example.nl", "1.example.nl", "www.kvk.123",
        "www.-kvk.nl", "www.kvk-.nl", "kvk..nl", ".kvk.nl", "kvk.nl.", "kvk", "https://", "www.kvk.nl//",
        "a.b-c.de", "HTTP://Shop.Example.NL", "www.café.nl", "www.kvk.nl:8080", "user@kvk.nl", "kvk_1.nl",
        "https://1.2.3.4", "www.k v k.nl", "httpſ://www.kvk.nl", "HTTPS://WWW.KVK.NL"})
    void plainHostsNormaliseExactlyAsThroughUri(String in) {
        String lower = in.toLowerCase(java.util.Locale.ROOT);
        String scheme = lower.startsWith("https://") || lower.startsWith("http://") ? "" : "https://";
        String viaUri;
        try {
            viaUri = Normalise.websiteByUri(scheme + in, in, "websites[0]");
        } catch (Rejection.Exception e) {
            viaUri = "rejected";
        }
        String actual;
        try {
            actual = Normalise.website(in, "websites[0]");
        } catch (Rejection.Exception e) {
            actual = "rejected";
        }
        assertThat(actual).isEqualTo(viaUri);
    }

    @ParameterizedTest
    @CsvSource({"www.kvk.nl,0", "WWW.KVK.NL/,0", "https://x-1.example.nl,8", "1.example.nl,0", "HTTP://a.b,7"})
    void plainHostsTakeTheShortWay(String in, int start) {
        assertThat(Normalise.plainHost(in, start)).isEqualTo(
                in.substring(start, in.endsWith("/") ? in.length() - 1 : in.length()).toLowerCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest
    @CsvSource({"20170108,2017-01-08", "20150600,2015-06", "20150000,2015", "2017-01-08,2017-01-08",
        "20240229,2024-02-29"})
    void readsKvkDatesWithReducedPrecision(String in, String out) {
        assertThat(Normalise.date(in, "d")).isEqualTo(out);
    }

    @Test
    void unknownDateIsNoDate() {
        assertThat(Normalise.date("00000000", "d")).isNull();
        assertThatThrownBy(() -> Normalise.date("20230229", "d")).isInstanceOf(Rejection.Exception.class);
    }

    @Test
    void elevenCheck() {
        assertThat(Normalise.elevenCheck("992760562")).isTrue();
        assertThat(Normalise.elevenCheck("111222333")).isTrue();
        assertThat(Normalise.elevenCheck("123456789")).isFalse();
    }

    @Test
    void sbiListsAreBothLoaded() {
        SbiCatalogue sbi = SbiCatalogue.standard();
        assertThat(sbi.find("01491").version()).isEqualTo(SbiVersion.SBI2008);
        assertThat(sbi.find("10110").version()).isEqualTo(SbiVersion.SBI2025);
        assertThat(sbi.find("0001")).isNotNull();
        assertThat(sbi.find("A")).isNull();
        assertThat(sbi.size()).isGreaterThan(1900);
    }
}
