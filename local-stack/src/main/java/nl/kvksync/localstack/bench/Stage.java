package nl.kvksync.localstack.bench;

import java.util.Arrays;

/**
 * One measured stage: how many items went through, in how long, and the latency of each item from the stage's
 * start (percentiles in milliseconds).
 */
record Stage(String name, String unit, long count, double seconds, double perSecond, long p50Millis, long p99Millis,
        String latencyMeaning) {

    static Stage of(String name, String unit, long count, double seconds, long[] latenciesMillis, String meaning) {
        long[] sorted = latenciesMillis.clone();
        Arrays.sort(sorted);
        return new Stage(name, unit, count, seconds, seconds > 0 ? count / seconds : 0, percentile(sorted, 50),
                percentile(sorted, 99), meaning);
    }

    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
