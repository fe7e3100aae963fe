package nl.kvksync.review.sbi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * SBI codes of both lists with their section letter, from {@code sbi/sbi-codes.csv} (see its provenance lines).
 * A code's section is SBI 2025's when both lists know it. Plain class: {@link #load()} reads the resource.
 */
public final class SbiCatalogue {

    private final NavigableMap<String, String> sectionByCode;
    private final Map<String, String> sectionNames;

    SbiCatalogue(NavigableMap<String, String> sectionByCode, Map<String, String> sectionNames) {
        this.sectionByCode = sectionByCode;
        this.sectionNames = sectionNames;
    }

    public static SbiCatalogue load() {
        NavigableMap<String, String> codes = new TreeMap<>();
        read("sbi/sbi-codes.csv", cols -> codes.put(cols[0], cols[1]));
        Map<String, String> names = new LinkedHashMap<>();
        read("sbi/sbi-sections.csv", cols -> names.put(cols[0], cols[1]));
        return new SbiCatalogue(Collections.unmodifiableNavigableMap(codes), Collections.unmodifiableMap(names));
    }

    /** Whether {@code prefix} (digits) is a code or the beginning of one: {@code 93} covers {@code 93122}. */
    public boolean isKnownPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty() || !prefix.chars().allMatch(Character::isDigit)) {
            return false;
        }
        String next = sectionByCode.ceilingKey(prefix);
        return next != null && next.startsWith(prefix);
    }

    /** The section letter (A..V) of a code, or null when neither list knows it nor a shorter prefix of it. */
    public String sectionOf(String code) {
        if (code == null) {
            return null;
        }
        for (int len = code.length(); len >= 2; len--) {
            String section = sectionByCode.get(code.substring(0, len));
            if (section != null && !section.isEmpty()) {
                return section;
            }
        }
        return null;
    }

    public boolean isSection(String letter) {
        return letter != null && sectionNames.containsKey(letter);
    }

    /** Section letter -> English name, in letter order. */
    public Map<String, String> sections() {
        return sectionNames;
    }

    private interface Row {
        void accept(String[] cols);
    }

    private static void read(String resource, Row row) {
        InputStream in = SbiCatalogue.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int comma = line.indexOf(',');
                String[] cols = comma < 0 ? new String[] {line, ""}
                        : new String[] {line.substring(0, comma), line.substring(comma + 1).split(",", -1)[0]};
                if (resource.endsWith("sections.csv") && comma >= 0) {
                    cols[1] = line.substring(comma + 1);
                }
                row.accept(cols);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
