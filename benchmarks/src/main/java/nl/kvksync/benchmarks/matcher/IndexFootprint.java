package nl.kvksync.benchmarks.matcher;

import nl.kvksync.matcher.register.RegisterIndex;

/**
 * Heap of the in-heap register index per registration: fills an index with N synthetic active registrations
 * (default 6,000,000) and reports the index's own array accounting and the measured heap growth after GC.
 * Run: {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar nl.kvksync.benchmarks.matcher.IndexFootprint 6000000}
 */
public final class IndexFootprint {

    private IndexFootprint() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 6_000_000;
        long before = usedAfterGc();
        // Sized as MatcherStreams does with kvksync.matcher.streams.expected-registrations = n.
        RegisterIndex index = Synthetic.index(n, 1);
        long after = usedAfterGc();
        System.out.printf("registrations            %,d%n", index.size());
        System.out.printf("index arrays (capacity)  %,d bytes = %.1f bytes/registration%n", index.bytes(),
                (double) index.bytes() / n);
        System.out.printf("heap growth after GC     %,d bytes = %.1f bytes/registration%n", after - before,
                (double) (after - before) / n);
        if (index.size() < 0) {
            System.out.println();
        }
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
