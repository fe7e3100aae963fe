package nl.kvksync.localstack.generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a week of changes against a register file: new registrations (NIEUW), changed ones (WIJZIGING, the
 * register's line with one to three fields changed the way registrations change: a move, more or fewer employees,
 * a new trade name, activity, website or phone number) and ended ones (BEEINDIGING with a reason), in shuffled
 * order, optionally followed by invalid records of every kind the ingestor must reject. Reads the register twice
 * (count, then pick) and keeps only the week in memory. Deterministic per seed.
 */
public final class WeekGenerator {

    /** The shares of a week, in percent: about 6,700 new registrations and 44,000 changes a week nationally. */
    static final int NEW_PERCENT = 20;
    static final int ENDED_PERCENT = 10;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public record Summary(long registerLines, int created, int changed, int ended, int invalid, long bytes) {
    }

    private enum Change {
        ADDRESS(25), EMPLOYEES(25), TRADE_NAME(12), SBI(12), WEBSITE(10), PHONE(8), POSTAL_ADDRESS(5),
        STATUTORY_NAME(3);

        final int weight;

        Change(int weight) {
            this.weight = weight;
        }
    }

    private static final String[] REASONS = {"OPHEFFING", "ONTBINDING", "INACTIEF", "FAILLISSEMENT", "FUSIE",
            "OVERIG"};
    private static final double[] REASON_WEIGHTS = {45, 25, 12, 8, 5, 5};

    private final long seed;
    private final String datumIngang;
    private final RegisterGenerator generator;

    public WeekGenerator(long seed, String datumIngang) {
        this.seed = seed;
        this.datumIngang = datumIngang;
        this.generator = new RegisterGenerator(seed, datumIngang);
    }

    public Summary write(Path register, int changes, int invalid, Path out) {
        try {
            long lines = countLines(register);
            SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
            int created = (int) Math.round(changes * NEW_PERCENT / 100.0);
            int ended = (int) Math.round(changes * ENDED_PERCENT / 100.0);
            int changed = changes - created - ended;
            if (changed + ended > lines) {
                throw new IllegalArgumentException("the register has " + lines + " lines; a week of " + changes
                        + " changes needs at least " + (changed + ended));
            }
            // distinct lines to change or end; the first `ended` drawn are ended
            Map<Long, Boolean> picked = new HashMap<>();
            Set<Long> order = new LinkedHashSet<>();
            while (order.size() < changed + ended) {
                long index = random.nextLong(lines);
                if (order.add(index)) {
                    picked.put(index, order.size() <= ended);
                }
            }
            List<String> week = new ArrayList<>(changes + invalid);
            try (BufferedReader reader = reader(register)) {
                String line;
                long index = 0;
                while ((line = reader.readLine()) != null) {
                    Boolean end = picked.get(index);
                    if (end != null) {
                        SplittableRandom r = new SplittableRandom(seed * 31 + index);
                        ObjectNode record = (ObjectNode) JSON.readTree(line);
                        week.add(JSON.writeValueAsString(end ? end(record, r) : change(record, r)));
                    }
                    index++;
                }
            }
            long newBase = RegisterGenerator.NEW_INDEX_BASE + Math.floorMod(seed, 25) * 1_000_000L;
            for (int j = 0; j < created; j++) {
                week.add(generator.line(newBase + j, "NIEUW", datumIngang));
            }
            for (int j = 0; j < invalid; j++) {
                week.add(invalid(newBase + 900_000 + j, j));
            }
            for (int i = week.size() - 1; i > 0; i--) {
                int k = random.nextInt(i + 1);
                String t = week.get(i);
                week.set(i, week.get(k));
                week.set(k, t);
            }
            Path tmp = out.resolveSibling(out.getFileName() + ".part");
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            try (Writer writer = RegisterGenerator.writer(tmp, out.getFileName().toString().endsWith(".gz"))) {
                for (String line : week) {
                    writer.write(line);
                    writer.write('\n');
                }
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Summary(lines, created, changed, ended, invalid, Files.size(out));
        } catch (IOException e) {
            throw new UncheckedIOException("could not generate the week: " + e.getMessage(), e);
        }
    }

    private ObjectNode header(ObjectNode record, String soort) {
        ObjectNode mutatie = JSON.createObjectNode();
        mutatie.put("soort", soort);
        mutatie.put("datumIngang", datumIngang);
        record.set("mutatie", mutatie);
        return mutatie;
    }

    private ObjectNode end(ObjectNode record, SplittableRandom r) {
        ObjectNode mutatie = header(record, "BEEINDIGING");
        double x = r.nextDouble() * 100;
        int i = 0;
        while (x >= REASON_WEIGHTS[i]) {
            x -= REASON_WEIGHTS[i++];
        }
        mutatie.put("redenEinde", REASONS[i]);
        ObjectNode materieel = record.has("materieleRegistratie") ? (ObjectNode) record.get("materieleRegistratie")
                : record.putObject("materieleRegistratie");
        materieel.put("datumEinde", datumIngang);
        return record;
    }

    private ObjectNode change(ObjectNode record, SplittableRandom r) {
        header(record, "WIJZIGING");
        int count = 1 + (r.nextInt(100) < 25 ? 1 + (r.nextInt(100) < 30 ? 1 : 0) : 0);
        Set<Change> changes = new LinkedHashSet<>();
        int total = 0;
        for (Change c : Change.values()) {
            total += c.weight;
        }
        while (changes.size() < count) {
            int x = r.nextInt(total);
            for (Change c : Change.values()) {
                if (x < c.weight) {
                    changes.add(c);
                    break;
                }
                x -= c.weight;
            }
        }
        for (Change c : changes) {
            apply(c, record, r);
        }
        return record;
    }

    private void apply(Change change, ObjectNode record, SplittableRandom r) {
        switch (change) {
            case ADDRESS -> {
                ObjectNode address = address(record, "bezoekadres");
                if (address == null) {
                    address = address(record, "correspondentieadres");
                }
                if (address == null || !address.has("postcode")) {
                    apply(Change.TRADE_NAME, record, r); // nothing of this kind to change: a new name instead
                    return;
                }
                String oldPostcode = address.get("postcode").asString();
                int prefix = Integer.parseInt(oldPostcode.substring(0, 2));
                Geography.Region region = new Geography.Region(prefix, address.path("plaats").asString(""), "0");
                String postcode;
                do {
                    postcode = Geography.postcode(region, r);
                } while (postcode.equals(oldPostcode));
                String street = Geography.street(r);
                int number = 1 + r.nextInt(200);
                address.put("straatnaam", street);
                address.put("huisnummer", number);
                address.remove("huisletter");
                address.remove("postbusnummer");
                address.put("postcode", postcode);
                address.put("volledigAdres", street + " " + number + "          " + postcode + " "
                        + address.path("plaats").asString(""));
            }
            case EMPLOYEES -> employees(record, r);
            case TRADE_NAME -> {
                String[] extras = {"Plus", "& Zn", "Nederland", "Groep", "Holland", "Noord", "Zuid", "Totaal"};
                String nameField = record.has("eersteHandelsnaam") ? "eersteHandelsnaam" : "naam";
                String name = record.path(nameField).asString("Onbekend") + " "
                        + extras[r.nextInt(extras.length)];
                record.put(nameField, name);
                JsonNode names = record.get("handelsnamen");
                if (names instanceof ArrayNode array && !array.isEmpty()) {
                    ((ObjectNode) array.get(0)).put("naam", name);
                }
            }
            case SBI -> {
                JsonNode activities = record.get("sbiActiviteiten");
                if (!(activities instanceof ArrayNode array) || array.isEmpty()) {
                    apply(Change.TRADE_NAME, record, r); // nothing of this kind to change: a new name instead
                    return;
                }
                ObjectNode primary = (ObjectNode) array.get(0);
                String old = primary.path("sbiCode").asString("");
                boolean sbi2008 = generator.sbi().find(old) != null && !generator.sbi().is2025(old);
                SbiCodes.Code next;
                do {
                    next = sbi2008 ? generator.sbi().pick2008(r) : generator.sbi().pick2025(r);
                } while (next.code().equals(old));
                primary.put("sbiCode", next.code());
                primary.put("sbiOmschrijving", next.description());
            }
            case WEBSITE -> {
                JsonNode sites = record.get("websites");
                String name = record.path("eersteHandelsnaam").asString(record.path("naam").asString("bedrijf"));
                if (sites instanceof ArrayNode array && !array.isEmpty() && r.nextInt(100) < 20) {
                    record.remove("websites");
                } else {
                    String old = sites instanceof ArrayNode array && !array.isEmpty() ? array.get(0).asString("") : "";
                    String site;
                    do {
                        String tld = r.nextBoolean() ? ".com" : ".nl";
                        site = "www." + Names.slug(name) + (r.nextBoolean() ? "-" + (1 + r.nextInt(99)) : "") + tld;
                    } while (site.equals(old));
                    record.putArray("websites").add(site);
                }
            }
            case PHONE -> {
                String postcode = postcode(record);
                int prefix = postcode == null ? 10 : Integer.parseInt(postcode.substring(0, 2));
                String area = prefix < 20 ? "020" : prefix < 30 ? "070" : prefix < 40 ? "010" : "040";
                String old = record.path("telefoonnummer").asString("");
                String phone;
                do {
                    phone = Geography.phone(new Geography.Region(prefix, "", area), r);
                } while (phone.equals(old));
                record.put("telefoonnummer", phone);
            }
            case POSTAL_ADDRESS -> {
                ArrayNode addresses = record.has("adressen") ? (ArrayNode) record.get("adressen")
                        : record.putArray("adressen");
                ObjectNode postal = address(record, "correspondentieadres");
                if (postal != null && record.has("vestigingsnummer")) {
                    for (int i = 0; i < addresses.size(); i++) {
                        if (addresses.get(i) == postal) {
                            addresses.remove(i);
                            break;
                        }
                    }
                } else {
                    String postcode = postcode(record);
                    String city = addresses.isEmpty() ? "Utrecht" : addresses.get(0).path("plaats").asString("Utrecht");
                    int prefix = postcode == null ? 35 : Integer.parseInt(postcode.substring(0, 2));
                    StringBuilder json = new StringBuilder();
                    RegisterGenerator.postbus(json, 1 + r.nextInt(9000),
                            Geography.postcode(new Geography.Region(prefix, city, "0"), r), city);
                    if (postal != null) {
                        for (int i = 0; i < addresses.size(); i++) {
                            if (addresses.get(i) == postal) {
                                addresses.remove(i);
                                break;
                            }
                        }
                    }
                    addresses.add(JSON.readTree(json.toString()));
                }
            }
            case STATUTORY_NAME -> {
                if (!record.has("statutaireNaam")) {
                    apply(Change.TRADE_NAME, record, r); // nothing of this kind to change: a new name instead
                    return;
                }
                record.put("statutaireNaam", "Nieuwe " + record.get("statutaireNaam").asString());
            }
            default -> throw new IllegalStateException("unknown change " + change);
        }
    }

    private static void employees(ObjectNode record, SplittableRandom r) {
        int old = record.path("totaalWerkzamePersonen").asInt(1);
        int delta = Math.max(1, (int) Math.round(old * 0.2 * r.nextDouble()));
        int next = r.nextBoolean() || old - delta < 0 ? old + delta : old - delta;
        record.put("totaalWerkzamePersonen", next);
    }

    private static ObjectNode address(ObjectNode record, String type) {
        JsonNode addresses = record.get("adressen");
        if (addresses instanceof ArrayNode array) {
            for (JsonNode a : array) {
                if (type.equals(a.path("type").asString(""))) {
                    return (ObjectNode) a;
                }
            }
        }
        return null;
    }

    private static String postcode(ObjectNode record) {
        JsonNode addresses = record.get("adressen");
        if (addresses instanceof ArrayNode array) {
            for (JsonNode a : array) {
                String pc = a.path("postcode").asString("");
                if (pc.length() == 6) {
                    return pc;
                }
            }
        }
        return null;
    }

    /**
     * The field that marks a generated invalid record (its value names the flaw), first on the line: the ingestor
     * ignores unknown fields, and a reader of the week (the bench's oracle) can tell the record is meant to be
     * rejected. The lines that are not JSON objects at all carry no mark.
     */
    public static final String INVALID_MARK = "_kvkSyncGeneratedInvalid";

    /** A record the ingestor must reject, one kind after another. */
    private String invalid(long index, int j) {
        String valid = generator.line(index, "NIEUW", datumIngang);
        ObjectNode record = JSON.createObjectNode();
        record.put(INVALID_MARK, "kind-" + (j % 9));
        record.setAll((ObjectNode) JSON.readTree(valid));
        return switch (j % 9) {
            case 0 -> {
                String rsin = record.has("rsin") ? record.get("rsin").asString() : Identifiers.rsin(index);
                char last = rsin.charAt(8);
                record.put("rsin", rsin.substring(0, 8) + (char) ('0' + (last - '0' + 1) % 10));
                yield JSON.writeValueAsString(record);
            }
            case 1 -> {
                ObjectNode address = (ObjectNode) record.get("adressen").get(0);
                address.put("postcode", address.get("postcode").asString().substring(0, 4) + "SS");
                yield JSON.writeValueAsString(record);
            }
            case 2 -> {
                ((ObjectNode) record.get("sbiActiviteiten").get(0)).put("sbiCode", "99999");
                yield JSON.writeValueAsString(record);
            }
            case 3 -> {
                ((ObjectNode) record.get("materieleRegistratie")).put("datumAanvang", "20231340");
                yield JSON.writeValueAsString(record);
            }
            case 4 -> {
                record.put("kvkNummer", record.get("kvkNummer").asString().substring(1));
                yield JSON.writeValueAsString(record);
            }
            case 5 -> valid.substring(0, valid.length() / 2);
            case 6 -> "[" + valid + "]";
            case 7 -> {
                ((ObjectNode) record.get("mutatie")).put("soort", "VERHUIZING");
                yield JSON.writeValueAsString(record);
            }
            default -> "";
        };
    }

    static long countLines(Path file) throws IOException {
        long lines = 0;
        boolean pending = false;
        try (InputStream in = open(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                        pending = false;
                    } else {
                        pending = true;
                    }
                }
            }
        }
        return pending ? lines + 1 : lines;
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == 0x1f && b == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static BufferedReader reader(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8), 1 << 16);
    }
}
