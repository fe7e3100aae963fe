package nl.kvksync.localstack.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class GeneratorTest {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    /** The SBI lists the ingestor validates against (copied from ../shared/data/kvk/sbi/, see PROVENANCE.md). */
    static final Path SHARED_SBI = Path.of("../kvk-feed-ingestor/src/main/resources/kvk/sbi");
    static final Pattern POSTCODE = Pattern.compile("^[1-9][0-9]{3}[A-Z]{2}$");

    static Set<String> sbi2008 = new HashSet<>();
    static Set<String> sbi2025 = new HashSet<>();

    @TempDir
    static Path dir;
    static Path register;
    static List<String> registerLines;

    @BeforeAll
    static void generate() throws IOException {
        for (String line : Files.readAllLines(SHARED_SBI.resolve("sbi2008.csv")).subList(1, 944)) {
            sbi2008.add(line.substring(0, line.indexOf(',')));
        }
        for (String line : Files.readAllLines(SHARED_SBI.resolve("sbi2025.csv"))) {
            sbi2025.add(line.substring(0, line.indexOf(',')));
        }
        register = dir.resolve("register.jsonl");
        new RegisterGenerator(42).write(register, 20_000);
        registerLines = Files.readAllLines(register);
    }

    @Test
    void writesTheSameRegisterForTheSameSeedAndAnotherForAnother() throws IOException {
        Path again = dir.resolve("again.jsonl.gz");
        Path other = dir.resolve("other.jsonl");
        new RegisterGenerator(42).write(again, 500);
        new RegisterGenerator(43).write(other, 500);
        List<String> gunzipped = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(Files.newInputStream(again)))).lines().toList();
        assertThat(gunzipped).isEqualTo(registerLines.subList(0, 500));
        assertThat(Files.readAllLines(other)).isNotEqualTo(registerLines.subList(0, 500));
    }

    @Test
    void everyRegistrationHasValidIdentifiersPostcodesAndRealSbiCodes() {
        Set<String> keys = new HashSet<>();
        int rsins = 0;
        for (String line : registerLines) {
            JsonNode r = JSON.readTree(line);
            assertThat(r.path("mutatie").path("soort").asString()).isEqualTo("NIEUW");
            assertThat(r.path("kvkNummer").asString()).matches("\\d{8}");
            String key = r.has("vestigingsnummer") ? r.get("vestigingsnummer").asString()
                    : "kvk:" + r.get("kvkNummer").asString();
            if (r.has("vestigingsnummer")) {
                assertThat(key).matches("\\d{12}");
            }
            assertThat(keys.add(key)).as("unique key %s", key).isTrue();
            if (r.has("rsin")) {
                rsins++;
                assertThat(elevenCheck(r.get("rsin").asString())).as("RSIN %s", r.get("rsin")).isTrue();
            } else {
                assertThat(r.path("rechtsvorm").asString()).isEqualTo("Eenmanszaak");
            }
            for (JsonNode a : r.path("adressen")) {
                String pc = a.path("postcode").asString();
                assertThat(pc).matches(POSTCODE).doesNotEndWith("SA").doesNotEndWith("SD").doesNotEndWith("SS");
            }
            for (JsonNode s : r.path("sbiActiviteiten")) {
                String code = s.path("sbiCode").asString();
                assertThat(sbi2008.contains(code) || sbi2025.contains(code)).as("SBI %s", code).isTrue();
            }
            assertThat(r.path("sbiActiviteiten").get(0).path("indHoofdactiviteit").asString()).isEqualTo("Ja");
            assertThat(r.path("materieleRegistratie").path("datumAanvang").asString()).matches("\\d{8}");
        }
        assertThat(rsins).isGreaterThan(registerLines.size() / 4);
    }

    @Test
    void legalFormsAndPostcodesComeInRealisticShares() {
        Map<String, Integer> forms = new HashMap<>();
        int amsterdam = 0;
        int zierikzee = 0;
        int branches = 0;
        int withoutEstablishment = 0;
        for (String line : registerLines) {
            JsonNode r = JSON.readTree(line);
            forms.merge(r.path("rechtsvorm").asString(), 1, Integer::sum);
            String pc = r.path("adressen").get(0).path("postcode").asString();
            amsterdam += pc.startsWith("10") ? 1 : 0;
            zierikzee += pc.startsWith("43") ? 1 : 0;
            branches += "Nee".equals(r.path("indHoofdvestiging").asString()) ? 1 : 0;
            withoutEstablishment += r.has("vestigingsnummer") ? 0 : 1;
        }
        int n = registerLines.size();
        assertThat(forms.get("Eenmanszaak")).isBetween(n * 50 / 100, n * 70 / 100);
        assertThat(forms.get("Besloten Vennootschap")).isBetween(n * 15 / 100, n * 30 / 100)
                .isGreaterThan(forms.get("Stichting"));
        assertThat(amsterdam).isGreaterThan(4 * zierikzee);
        assertThat(branches).isBetween(n * 4 / 100, n * 12 / 100);
        assertThat(withoutEstablishment).isPositive().isLessThan(n * 3 / 100);
    }

    @Test
    void aWeekMixesNewChangedAndEndedRecordsAgainstTheRegister() throws IOException {
        Path week = dir.resolve("week.jsonl");
        WeekGenerator.Summary summary = new WeekGenerator(7, "20261127").write(register, 2_000, 18, week);
        assertThat(summary.created()).isEqualTo(400);
        assertThat(summary.ended()).isEqualTo(200);
        assertThat(summary.changed()).isEqualTo(1_400);

        Map<String, JsonNode> byKey = new HashMap<>();
        for (String line : registerLines) {
            JsonNode r = JSON.readTree(line);
            byKey.put(key(r), r);
        }
        Map<String, Integer> soorten = new HashMap<>();
        int unreadable = 0;
        Set<String> seen = new HashSet<>();
        for (String line : Files.readAllLines(week)) {
            JsonNode r;
            try {
                r = JSON.readTree(line);
            } catch (RuntimeException e) {
                unreadable++;
                continue;
            }
            if (r == null || !r.isObject() || !r.path("mutatie").has("soort")) {
                unreadable++;
                continue;
            }
            String soort = r.path("mutatie").path("soort").asString();
            soorten.merge(soort, 1, Integer::sum);
            assertThat(r.path("mutatie").path("datumIngang").asString()).isEqualTo("20261127");
            JsonNode before = byKey.get(key(r));
            switch (soort) {
                case "NIEUW" -> assertThat(before).as("new %s", key(r)).isNull();
                case "WIJZIGING" -> {
                    assertThat(before).isNotNull();
                    assertThat(seen.add(key(r))).isTrue();
                    int differences = differences(before, r);
                    // one to three changes; a new trade name touches two fields (eersteHandelsnaam, handelsnamen)
                    assertThat(differences).as("changed fields of %s", key(r)).isBetween(1, 6);
                }
                case "BEEINDIGING" -> {
                    assertThat(before).isNotNull();
                    assertThat(seen.add(key(r))).isTrue();
                    assertThat(r.path("mutatie").path("redenEinde").asString())
                            .isIn("OPHEFFING", "ONTBINDING", "INACTIEF", "FAILLISSEMENT", "FUSIE", "OVERIG");
                    assertThat(r.path("materieleRegistratie").path("datumEinde").asString()).isEqualTo("20261127");
                }
                default -> unreadable++; // an invalid mutation kind, one of the invalid records
            }
        }
        assertThat(soorten.get("WIJZIGING")).isEqualTo(1_400);
        assertThat(soorten.get("BEEINDIGING")).isEqualTo(200);
        // 18 invalid records, two of each of nine kinds: truncated, array, unknown soort and empty lines are
        // unreadable here; the other ten are NIEUW records with one broken field
        assertThat(unreadable).isEqualTo(8);
        assertThat(soorten.get("NIEUW")).isEqualTo(400 + 10);

        Path again = dir.resolve("week-again.jsonl");
        new WeekGenerator(7, "20261127").write(register, 2_000, 18, again);
        assertThat(Files.readAllLines(again)).isEqualTo(Files.readAllLines(week));
    }

    private static String key(JsonNode r) {
        return r.has("vestigingsnummer") ? r.get("vestigingsnummer").asString() : "kvk:" + r.path("kvkNummer").asString();
    }

    /** Top-level fields that differ, not counting the mutation header. */
    private static int differences(JsonNode before, JsonNode after) {
        Set<String> names = new HashSet<>(before.propertyNames());
        names.addAll(after.propertyNames());
        names.remove("mutatie");
        int n = 0;
        for (String name : names) {
            if (!before.path(name).equals(after.path(name))) {
                n++;
            }
        }
        return n;
    }

    private static boolean elevenCheck(String rsin) {
        if (!rsin.matches("\\d{9}")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (9 - i) * (rsin.charAt(i) - '0');
        }
        sum -= rsin.charAt(8) - '0';
        return sum % 11 == 0;
    }
}
