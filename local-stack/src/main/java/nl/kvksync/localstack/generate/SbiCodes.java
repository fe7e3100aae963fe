package nl.kvksync.localstack.generate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Real SBI codes to draw from: the bottom-level codes of SBI 2025 (current registrations) and of SBI 2008
 * (registrations not yet converted), each list weighted by section so that the spread looks like the register's:
 * many consultants, builders, shops and personal services, few mines and embassies.
 */
final class SbiCodes {

    record Code(String code, String description, String section) {
    }

    /** Share of registrations per SBI 2025 section, in percent (rough national picture). */
    private static final Map<String, Double> SECTION_WEIGHTS_2025 = Map.ofEntries(Map.entry("A", 4.0),
            Map.entry("B", 0.1), Map.entry("C", 4.0), Map.entry("D", 0.5), Map.entry("E", 0.2), Map.entry("F", 11.0),
            Map.entry("G", 14.0), Map.entry("H", 4.0), Map.entry("I", 4.0), Map.entry("J", 3.0), Map.entry("K", 6.0),
            Map.entry("L", 3.0), Map.entry("M", 2.0), Map.entry("N", 17.0), Map.entry("O", 5.0), Map.entry("P", 0.3),
            Map.entry("Q", 4.0), Map.entry("R", 8.0), Map.entry("S", 6.0), Map.entry("T", 8.0), Map.entry("U", 0.1),
            Map.entry("V", 0.01));

    /** The same for the SBI 2008 sections (M professional, F construction, G trade, ...). */
    private static final Map<String, Double> SECTION_WEIGHTS_2008 = Map.ofEntries(Map.entry("A", 4.0),
            Map.entry("B", 0.1), Map.entry("C", 4.0), Map.entry("D", 0.5), Map.entry("E", 0.2), Map.entry("F", 11.0),
            Map.entry("G", 16.0), Map.entry("H", 4.0), Map.entry("I", 4.0), Map.entry("J", 7.0), Map.entry("K", 3.0),
            Map.entry("L", 2.0), Map.entry("M", 19.0), Map.entry("N", 5.0), Map.entry("O", 0.3), Map.entry("P", 4.0),
            Map.entry("Q", 8.0), Map.entry("R", 6.0), Map.entry("S", 8.0), Map.entry("T", 0.1), Map.entry("U", 0.01));

    private final Weighted<Code> sbi2025 = new Weighted<>();
    private final Weighted<Code> sbi2008 = new Weighted<>();
    private final Map<String, Code> byCode = new HashMap<>();
    private final Set<String> codes2025 = new HashSet<>();

    SbiCodes() {
        List<String[]> rows2025 = Csv.read("/generate/sbi2025.csv");
        Set<String> parents = new HashSet<>();
        for (String[] row : rows2025) {
            parents.add(row[2]);
        }
        Map<String, Integer> perSection = new HashMap<>();
        List<Code> bottom2025 = new java.util.ArrayList<>();
        for (String[] row : rows2025) {
            String level = row[1];
            if ((level.equals("subklasse") || level.equals("klasse")) && !parents.contains(row[0])) {
                Code code = new Code(row[0], row[4], row[3]);
                bottom2025.add(code);
                perSection.merge(code.section(), 1, Integer::sum);
            }
        }
        for (Code code : bottom2025) {
            sbi2025.add(code, SECTION_WEIGHTS_2025.getOrDefault(code.section(), 0.1) / perSection.get(code.section()));
            byCode.put(code.code(), code);
            codes2025.add(code.code());
        }
        Map<String, Integer> perSection2008 = new HashMap<>();
        List<Code> bottom2008 = new java.util.ArrayList<>();
        for (String[] row : Csv.read("/generate/sbi2008.csv")) {
            if (row[6].isEmpty()) {
                continue; // 0001 and 0002: "not yet determined", "no activities"
            }
            Code code = new Code(row[0], row[1], row[6]);
            bottom2008.add(code);
            perSection2008.merge(code.section(), 1, Integer::sum);
        }
        for (Code code : bottom2008) {
            sbi2008.add(code,
                    SECTION_WEIGHTS_2008.getOrDefault(code.section(), 0.1) / perSection2008.get(code.section()));
            byCode.putIfAbsent(code.code(), code);
        }
    }

    Code pick2025(SplittableRandom random) {
        return sbi2025.pick(random);
    }

    Code pick2008(SplittableRandom random) {
        return sbi2008.pick(random);
    }

    Code find(String code) {
        return byCode.get(code);
    }

    boolean is2025(String code) {
        return codes2025.contains(code);
    }

    int size2025() {
        return sbi2025.size();
    }

    int size2008() {
        return sbi2008.size();
    }
}
