package nl.kvksync.localstack.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.kvksync.localstack.generate.WeekGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a generated week should yield, worked out from the feed file itself: which registrations it changes or
 * ends (the bench subscribes organisations to those), and how many proposals each environment should get — one
 * UPDATE or ENDED per subscription of a changed or ended registration, one NEW per new registration that matches
 * one of the environment's profiles (the visiting address's four postcode digits in a range, the primary SBI code
 * under an include prefix and under no exclude prefix). It is an independent check on the matcher's count.
 */
final class WeekOracle {

    /** A profile as the bench defines it, in the shape review-api takes. */
    record BenchProfile(String name, int from, int to, List<String> include, List<String> exclude) {

        Map<String, Object> body() {
            return Map.of("name", name, "organisationType", "prospect", "offerNewRegistrations", true,
                    "postcodeRanges", List.of(Map.of("from", from, "to", to)), "sbiInclude", include,
                    "sbiExclude", exclude, "sbiScope", "PRIMARY", "legalForms", List.of());
        }

        boolean matches(int postcode4, String primarySbi) {
            return postcode4 >= from && postcode4 <= to && primarySbi != null
                    && include.stream().anyMatch(primarySbi::startsWith)
                    && exclude.stream().noneMatch(primarySbi::startsWith);
        }
    }

    private record NewRegistration(int postcode4, String primarySbi) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final List<String> changedOrEnded = new ArrayList<>();
    private final List<NewRegistration> created = new ArrayList<>();
    private long lines;
    private long invalid;

    private WeekOracle() {
    }

    static WeekOracle read(Path week) {
        WeekOracle oracle = new WeekOracle();
        Set<String> seen = new LinkedHashSet<>();
        try (BufferedReader in = Files.newBufferedReader(week, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                oracle.lines++;
                JsonNode record = parse(line);
                if (record == null || record.has(WeekGenerator.INVALID_MARK)) {
                    oracle.invalid++;
                    continue;
                }
                String kind = record.path("mutatie").path("soort").asString();
                if (kind.equals("NIEUW")) {
                    oracle.created.add(new NewRegistration(postcode4(record), primarySbi(record)));
                } else if (seen.add(key(record))) {
                    oracle.changedOrEnded.add(key(record));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return oracle;
    }

    long lines() {
        return lines;
    }

    /** Lines the ingestor must reject: not a JSON object, or marked invalid by the generator. */
    long invalid() {
        return invalid;
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (tools.jackson.core.JacksonException e) {
            return null;
        }
    }

    /** Registrations the week changes or ends, in file order, each once. */
    List<String> changedOrEndedKeys() {
        return changedOrEnded;
    }

    long expectedNew(List<BenchProfile> profiles) {
        return created.stream().filter(n -> profiles.stream().anyMatch(p -> p.matches(n.postcode4(), n.primarySbi())))
                .count();
    }

    static String key(JsonNode record) {
        String vestiging = record.path("vestigingsnummer").asString("");
        return vestiging.isEmpty() ? "kvk:" + record.path("kvkNummer").asString() : vestiging;
    }

    /** The visiting address's four postcode digits, else the postal address's (as the matcher reads them). */
    private static int postcode4(JsonNode record) {
        int visiting = postcode4(record, "bezoekadres");
        return visiting != -1 ? visiting : postcode4(record, "correspondentieadres", "postadres");
    }

    private static int postcode4(JsonNode record, String... types) {
        for (JsonNode address : record.path("adressen")) {
            String postcode = address.path("postcode").asString("");
            if (List.of(types).contains(address.path("type").asString()) && postcode.length() >= 4
                    && postcode.substring(0, 4).chars().allMatch(Character::isDigit)) {
                return Integer.parseInt(postcode.substring(0, 4));
            }
        }
        return -1;
    }

    private static String primarySbi(JsonNode record) {
        String first = null;
        for (JsonNode activity : record.path("sbiActiviteiten")) {
            if (first == null) {
                first = activity.path("sbiCode").asString();
            }
            if (activity.path("indHoofdactiviteit").asString().equals("Ja")) {
                return activity.path("sbiCode").asString();
            }
        }
        return first;
    }
}
