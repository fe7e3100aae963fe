package nl.kvksync.ingestor.feed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import nl.kvksync.contracts.kvk.SbiVersion;

/**
 * The SBI codes KvK uses: SBI 2008 (943 bottom-level codes, historical data) and SBI 2025 (since September 2025),
 * loaded from the CSV lists in {@code kvk/sbi/} (copied from ../shared/data/kvk/sbi/, see PROVENANCE.md). A code
 * known in both lists is reported as SBI 2025 with its 2025 description. Immutable and thread-safe.
 */
public final class SbiCatalogue {

    /** A known code: the list it is in and its Dutch description there. */
    public record Entry(String code, SbiVersion version, String description) {
    }

    private static volatile SbiCatalogue standard;

    private final Map<String, Entry> codes;

    private SbiCatalogue(Map<String, Entry> codes) {
        this.codes = codes;
    }

    /** The catalogue of the two lists on the classpath, loaded once. */
    public static SbiCatalogue standard() {
        SbiCatalogue c = standard;
        if (c == null) {
            synchronized (SbiCatalogue.class) {
                if (standard == null) {
                    standard = load();
                }
                c = standard;
            }
        }
        return c;
    }

    static SbiCatalogue load() {
        Map<String, Entry> codes = new HashMap<>(4096);
        // sbi2008.csv: sbi_code,omschrijving,code_length,klasse_4digit,division,division_name_nl,section,section_name_nl
        for (List<String> row : csv("kvk/sbi/sbi2008.csv")) {
            codes.put(row.get(0), new Entry(row.get(0), SbiVersion.SBI2008, row.get(1)));
        }
        // sbi2025.csv: code,level,parent,section,omschrijving_nl,description_en; sections are letters, not codes
        for (List<String> row : csv("kvk/sbi/sbi2025.csv")) {
            String code = row.get(0);
            if (!code.isEmpty() && Character.isDigit(code.charAt(0))) {
                codes.put(code, new Entry(code, SbiVersion.SBI2025, row.get(4)));
            }
        }
        return new SbiCatalogue(Map.copyOf(codes));
    }

    public Entry find(String code) {
        return code == null ? null : codes.get(code);
    }

    public int size() {
        return codes.size();
    }

    private static List<List<String>> csv(String resource) {
        InputStream in = SbiCatalogue.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("SBI list " + resource + " is missing from the classpath");
        }
        List<List<String>> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = r.readLine(); // header
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(parseCsvLine(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return rows;
    }

    /** RFC 4180 fields of one line (the lists have no line breaks inside quotes). */
    static List<String> parseCsvLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString());
        return fields;
    }
}
