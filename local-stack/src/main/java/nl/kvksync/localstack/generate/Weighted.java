package nl.kvksync.localstack.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Picks items in proportion to their weights (cumulative table, binary search). Immutable once built. */
final class Weighted<T> {

    private final List<T> items = new ArrayList<>();
    private double[] cumulative = new double[16];
    private double total;

    Weighted<T> add(T item, double weight) {
        if (weight <= 0) {
            return this;
        }
        if (items.size() == cumulative.length) {
            cumulative = java.util.Arrays.copyOf(cumulative, cumulative.length * 2);
        }
        total += weight;
        cumulative[items.size()] = total;
        items.add(item);
        return this;
    }

    T pick(SplittableRandom random) {
        double x = random.nextDouble() * total;
        int lo = 0;
        int hi = items.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return items.get(lo);
    }

    int size() {
        return items.size();
    }
}
