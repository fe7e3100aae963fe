package nl.kvksync.localstack.generate;

import java.util.List;
import java.util.TreeSet;

/** The two-digit SBI divisions that occur in SBI 2008 or SBI 2025: a profile including all of them selects every code. */
public final class SbiDivisions {

    private SbiDivisions() {
    }

    public static List<String> all() {
        TreeSet<String> divisions = new TreeSet<>();
        for (String[] row : Csv.read("/generate/sbi2025.csv")) {
            if (row[0].matches("\\d{2,5}")) {
                divisions.add(row[0].substring(0, 2));
            }
        }
        for (String[] row : Csv.read("/generate/sbi2008.csv")) {
            if (row[0].matches("\\d{4,5}") && !row[6].isEmpty()) {
                divisions.add(row[0].substring(0, 2));
            }
        }
        return List.copyOf(divisions);
    }
}
