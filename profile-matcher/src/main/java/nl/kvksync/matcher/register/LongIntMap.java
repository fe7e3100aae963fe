package nl.kvksync.matcher.register;

import java.util.Arrays;

/**
 * An open-addressing hash map from long to int (linear probing, backward-shift deletion), 12 bytes per slot at a
 * load of at most 0.75: 16 to 32 bytes per entry instead of some 80 for a {@code HashMap<Long, Integer>}. Not
 * thread-safe. Key {@link Long#MIN_VALUE} is reserved.
 */
public final class LongIntMap {

    private static final long FREE = Long.MIN_VALUE;
    private static final double LOAD = 0.75;

    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    public LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, (int) (expected / LOAD)) - 1) << 1;
        allocate(capacity);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, FREE);
        values = new int[capacity];
        mask = capacity - 1;
    }

    public int size() {
        return size;
    }

    /** The value of {@code key}, or {@code missing}. */
    public int get(long key, int missing) {
        int i = index(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == FREE) {
                return missing;
            }
            i = (i + 1) & mask;
        }
    }

    public boolean containsKey(long key) {
        return get(key, Integer.MIN_VALUE) != Integer.MIN_VALUE;
    }

    public void put(long key, int value) {
        if (key == FREE) {
            throw new IllegalArgumentException("reserved key");
        }
        int i = index(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k == FREE) {
                keys[i] = key;
                values[i] = value;
                if (++size > keys.length * LOAD) {
                    grow();
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Removes {@code key}; returns its value or {@code missing}. */
    public int remove(long key, int missing) {
        int i = index(key);
        while (true) {
            long k = keys[i];
            if (k == FREE) {
                return missing;
            }
            if (k == key) {
                int old = values[i];
                shiftBack(i);
                size--;
                return old;
            }
            i = (i + 1) & mask;
        }
    }

    /** Calls {@code action} for every key. */
    public void forEachKey(java.util.function.LongConsumer action) {
        for (long k : keys) {
            if (k != FREE) {
                action.accept(k);
            }
        }
    }

    public long bytes() {
        return 16L + keys.length * 8L + 16L + values.length * 4L;
    }

    private void shiftBack(int gap) {
        int i = gap;
        while (true) {
            i = (i + 1) & mask;
            long k = keys[i];
            if (k == FREE) {
                break;
            }
            int home = index(k);
            // Move k into the gap when its home slot does not lie cyclically in (gap, i].
            boolean between = gap <= i ? (home > gap && home <= i) : (home > gap || home <= i);
            if (!between) {
                keys[gap] = k;
                values[gap] = values[i];
                gap = i;
            }
        }
        keys[gap] = FREE;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(keys.length * 2);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != FREE) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private int index(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
