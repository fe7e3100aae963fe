package nl.kvksync.matcher.register;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Registration keys as longs: a 12-digit vestigingsnummer is its number, {@code kvk:<8 digits>} is 2^41 plus the
 * KvK number; any other key (the contract allows none, but nothing is dropped) gets a number from a side table.
 */
public final class RegistrationKeys {

    private static final long KVK = 1L << 41;
    private static final long OTHER = 1L << 50;
    private static final Map<String, Long> OTHER_IDS = new ConcurrentHashMap<>();
    private static final CopyOnWriteArrayList<String> OTHER_KEYS = new CopyOnWriteArrayList<>();

    private RegistrationKeys() {
    }

    public static long encode(String key) {
        if (key.length() == 12 && digits(key, 0)) {
            return Long.parseLong(key);
        }
        if (key.length() == 12 && key.startsWith("kvk:") && digits(key, 4)) {
            return KVK + Long.parseLong(key, 4, 12, 10);
        }
        Long id = OTHER_IDS.get(key);
        if (id != null) {
            return id;
        }
        synchronized (OTHER_IDS) {
            return OTHER_IDS.computeIfAbsent(key, k -> {
                OTHER_KEYS.add(k);
                return OTHER + OTHER_KEYS.size() - 1;
            });
        }
    }

    public static String decode(long value) {
        if (value >= OTHER) {
            return OTHER_KEYS.get((int) (value - OTHER));
        }
        if (value >= KVK) {
            return "kvk:" + pad(value - KVK, 8);
        }
        return pad(value, 12);
    }

    private static String pad(long value, int width) {
        String s = Long.toString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    private static boolean digits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
