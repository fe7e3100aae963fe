package nl.kvksync.matcher.profile;

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
import java.util.concurrent.ConcurrentHashMap;

import nl.kvksync.contracts.kvk.SbiVersion;

/**
 * The SBI codes KvK uses (SBI 2008 and SBI 2025, from {@code sbi/sbi-sections.csv}, see its provenance lines),
 * each with a small dense id so that indexes store a {@code char} per code, and the section letter of a code in
 * its own SBI version (sections differ between the versions: SBI 2025 follows NACE 2.1 with sections A-V).
 * A code the lists do not know still gets an id (appended at run time), so nothing is ever dropped.
 */
public final class SbiCodes {

    private static final SbiCodes INSTANCE = load();

    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private final List<String> codes = new ArrayList<>();
    private final Map<String, Character> sections2008 = new HashMap<>();
    private final Map<String, Character> sections2025 = new HashMap<>();
    private final Map<String, Character> divisions2008 = new HashMap<>();
    private final Map<String, Character> divisions2025 = new HashMap<>();
    private final java.util.Set<String> knownPrefixes = new java.util.HashSet<>();
    private final int knownCount;

    private SbiCodes(List<String[]> rows) {
        for (String[] row : rows) {
            String version = row[0];
            String code = row[1];
            char section = row[2].equals("-") ? '?' : row[2].charAt(0);
            ids.computeIfAbsent(code, c -> {
                codes.add(c);
                return codes.size() - 1;
            });
            for (int len = 1; len <= code.length(); len++) {
                knownPrefixes.add(code.substring(0, len));
            }
            if (version.equals("SBI2008")) {
                sections2008.put(code, section);
                if (code.length() >= 2 && section != '?') {
                    divisions2008.putIfAbsent(code.substring(0, 2), section);
                }
            } else {
                sections2025.put(code, section);
                if (code.length() >= 2) {
                    divisions2025.putIfAbsent(code.substring(0, 2), section);
                }
            }
        }
        knownCount = codes.size();
    }

    public static SbiCodes get() {
        return INSTANCE;
    }

    private static SbiCodes load() {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = SbiCodes.class.getResourceAsStream("/sbi/sbi-sections.csv")) {
            if (in == null) {
                throw new IllegalStateException("sbi/sbi-sections.csv missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                rows.add(line.split(",", -1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SbiCodes(rows);
    }

    /** The dense id of a code; a code the lists do not know is appended. */
    public int id(String code) {
        Integer id = ids.get(code);
        if (id != null) {
            return id;
        }
        synchronized (this) {
            return ids.computeIfAbsent(code, c -> {
                codes.add(c);
                return codes.size() - 1;
            });
        }
    }

    public String code(int id) {
        synchronized (this) {
            return codes.get(id);
        }
    }

    /** How many ids exist now (known codes plus those appended at run time). */
    public int size() {
        synchronized (this) {
            return codes.size();
        }
    }

    public int knownCount() {
        return knownCount;
    }

    /** Whether some SBI 2008 or SBI 2025 code starts with these digits. */
    public boolean isKnownPrefix(String prefix) {
        return knownPrefixes.contains(prefix);
    }

    /**
     * The section letter (A-V) of a code in its SBI version, or '?' when neither list places it. UNKNOWN tries
     * SBI 2025 first (KvK's current list), then SBI 2008.
     */
    public char section(String code, SbiVersion version) {
        if (code == null) {
            return '?';
        }
        char s = '?';
        if (version != SbiVersion.SBI2008) {
            s = lookup(code, sections2025, divisions2025);
        }
        if (s == '?' && version != SbiVersion.SBI2025) {
            s = lookup(code, sections2008, divisions2008);
        }
        return s;
    }

    private static char lookup(String code, Map<String, Character> sections, Map<String, Character> divisions) {
        for (int len = code.length(); len >= 2; len--) {
            Character s = sections.get(code.substring(0, len));
            if (s != null && s != '?') {
                return s;
            }
        }
        Character d = code.length() >= 2 ? divisions.get(code.substring(0, 2)) : null;
        return d == null ? '?' : d;
    }
}
