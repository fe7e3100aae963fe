package nl.kvksync.ingestor.mutatieservice;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import nl.kvksync.ingestor.mutatieservice.KvkApiClient.SignalInfo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns one signal and the profile fetched after it into one line of the weekly feed format: the profile's own
 * fields (a Vestigingsprofiel completed with its owner's {@code rsin}, {@code rechtsvorm} and
 * {@code uitgebreideRechtsvorm}, or a Basisprofiel), a {@code mutatie} header derived from the signal type, and a
 * {@code signaal} object naming the signal. When the profile could not be had, the line carries KvK's {@code fout}
 * entries instead, so the run rejects it with reason SOURCE_ERROR rather than losing the signal.
 */
final class SignalFeedLine {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    private SignalFeedLine() {
    }

    /** NIEUW, BEEINDIGING or WIJZIGING for a signal type. */
    static String soort(String signalType) {
        if (signalType == null) {
            return "WIJZIGING";
        }
        if (signalType.startsWith("SignaalNieuweInschrijving")) {
            return "NIEUW";
        }
        if (signalType.startsWith("SignaalBeeindiging")) {
            return "BEEINDIGING";
        }
        return "WIJZIGING";
    }

    /** The feed's end reason for a Beeindiging signal's {@code aanleiding} (code or description). */
    static String redenEinde(JsonNode aanleiding) {
        String text = (aanleiding.path("code").asString("") + " " + aanleiding.path("omschrijving").asString(""))
                .toLowerCase(Locale.ROOT);
        if (text.contains("faillis")) {
            return "FAILLISSEMENT";
        }
        if (text.contains("fusie") || text.contains("splitsing")) {
            return "FUSIE";
        }
        if (text.contains("ontbind") || text.contains("ontbond")) {
            return "ONTBINDING";
        }
        if (text.contains("opheff") || text.contains("opgeheven")) {
            return "OPHEFFING";
        }
        if (text.contains("inactief") || text.contains("geen activiteit")) {
            return "INACTIEF";
        }
        return "OVERIG";
    }

    /** The effective date: the signal's {@code startdatum} (YYYYMMDD), else the day of its timestamp in NL. */
    static String datumIngang(SignalInfo info, JsonNode detail, LocalDate today) {
        for (JsonNode candidate : List.of(detail.path("startdatum"),
                detail.path("heeftNieuweGegevens").path("startdatum"),
                detail.path("fusieSplitsing").path("startdatum"))) {
            String s = candidate.asString("");
            if (s.matches("\\d{8}") && !s.startsWith("0000")) {
                return s;
            }
        }
        for (String timestamp : new String[] {detail.path("registratieTijdstip").asString(null), info.timestamp()}) {
            if (timestamp != null) {
                try {
                    return yyyymmdd(Instant.parse(timestamp).atZone(AMSTERDAM).toLocalDate());
                } catch (DateTimeParseException e) {
                    // try the next
                }
            }
        }
        return yyyymmdd(today);
    }

    /** The vestigingsnummer a signal is about: from the list item, else from the details. */
    static String vestigingsnummer(SignalInfo info, JsonNode detail) {
        if (info.vestigingsnummer() != null && !info.vestigingsnummer().isBlank()) {
            return info.vestigingsnummer();
        }
        String fromDetail = detail.path("heeftGewijzigdeVestiging").path("vestigingsnummer").asString("");
        return fromDetail.isBlank() ? null : fromDetail;
    }

    static String line(SignalInfo info, JsonNode detail, String profileJson, String eigenaarJson, LocalDate today) {
        ObjectNode line = header(info, detail, today);
        JsonNode profile = JSON.readTree(profileJson);
        if (!profile.isObject()) {
            throw new IllegalArgumentException("the profile for signal " + info.id() + " is not a JSON object");
        }
        for (var field : profile.properties()) {
            if (!field.getKey().equals("mutatie") && !field.getKey().equals("signaal")) {
                line.set(field.getKey(), field.getValue());
            }
        }
        if (eigenaarJson != null) {
            JsonNode eigenaar = JSON.readTree(eigenaarJson);
            for (String owner : List.of("rsin", "rechtsvorm", "uitgebreideRechtsvorm")) {
                if (!line.hasNonNull(owner) && eigenaar.hasNonNull(owner)) {
                    line.set(owner, eigenaar.get(owner));
                }
            }
        }
        line.set("signaal", signaal(info));
        return JSON.writeValueAsString(line);
    }

    /** A line for a signal whose profile KvK would not give: identifiers, header and the {@code fout} entries. */
    static String failedLine(SignalInfo info, JsonNode detail, String vestigingsnummer, KvkApiException error,
            LocalDate today) {
        ObjectNode line = header(info, detail, today);
        if (vestigingsnummer != null) {
            line.put("vestigingsnummer", vestigingsnummer);
        }
        if (info.kvkNummer() != null) {
            line.put("kvkNummer", info.kvkNummer());
        }
        var fout = line.putArray("fout");
        if (error.fouten().isEmpty()) {
            fout.addObject().put("code", "HTTP" + error.status()).put("omschrijving", error.getMessage());
        } else {
            for (KvkApiException.Fout f : error.fouten()) {
                fout.addObject().put("code", f.code()).put("omschrijving", f.omschrijving());
            }
        }
        line.set("signaal", signaal(info));
        return JSON.writeValueAsString(line);
    }

    private static ObjectNode header(SignalInfo info, JsonNode detail, LocalDate today) {
        ObjectNode line = JSON.createObjectNode();
        ObjectNode mutatie = line.putObject("mutatie");
        String soort = soort(info.type() != null ? info.type() : detail.path("signaalType").asString(null));
        mutatie.put("soort", soort);
        mutatie.put("datumIngang", datumIngang(info, detail, today));
        if (soort.equals("BEEINDIGING")) {
            mutatie.put("redenEinde", redenEinde(detail.path("aanleiding")));
        }
        return line;
    }

    private static ObjectNode signaal(SignalInfo info) {
        ObjectNode s = JSON.createObjectNode();
        s.put("id", info.id());
        s.put("type", info.type());
        s.put("timestamp", info.timestamp());
        return s;
    }

    static String yyyymmdd(LocalDate date) {
        return Integer.toString(date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth());
    }
}
