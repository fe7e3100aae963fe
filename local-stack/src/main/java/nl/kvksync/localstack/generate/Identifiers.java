package nl.kvksync.localstack.generate;

/**
 * Identifiers derived from a record's index by fixed bijections, so they are unique per index, look spread out,
 * and do not depend on the seed (a week generated with any seed refers to the same register): KvK numbers of 8
 * digits, vestigingsnummers of 12 digits, and RSINs of 9 digits passing the eleven-check.
 */
public final class Identifiers {

    /** How many distinct indexes the bijections cover. */
    public static final long CAPACITY = 80_000_000L;

    private static final long KVK_BASE = 10_000_000L;
    private static final long KVK_MULTIPLIER = 7_654_321L; // coprime with 2, 3 and 5, so a bijection mod CAPACITY
    private static final long VESTIGING_MULTIPLIER = 48_271L;
    private static final long RSIN_MULTIPLIER = 69_069L;

    private Identifiers() {
    }

    public static String kvkNummer(long index) {
        return pad(KVK_BASE + permute(index, KVK_MULTIPLIER, 29_871_403L), 8);
    }

    public static String vestigingsnummer(long index) {
        // 0000xxxxxxxx like most real ones, never 000000000000
        return pad(100_000_000L + permute(index, VESTIGING_MULTIPLIER, 53_602_117L), 12);
    }

    /** A 9-digit RSIN passing the eleven-check: 8 digits from the index, the ninth computed. */
    public static String rsin(long index) {
        long base = 10_000_000L + permute(index, RSIN_MULTIPLIER, 41_130_557L);
        // base has 8 digits; if no check digit works (remainder 10), the eleven-check is unreachable for this
        // prefix: move to a prefix outside the permutation's range that is tied to this index only.
        String digits = pad(base, 8);
        int check = checkDigit(digits);
        if (check < 0) {
            digits = pad(90_000_000L + (index % 10_000_000L), 8);
            check = checkDigit(digits);
            int bump = 0;
            while (check < 0) {
                digits = pad(90_000_000L + ((index + ++bump * 10_000_000L / 7) % 10_000_000L), 8);
                check = checkDigit(digits);
            }
        }
        return digits + check;
    }

    /** The ninth digit that makes {@code eightDigits} pass the eleven-check, or -1 when none does. */
    static int checkDigit(String eightDigits) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (9 - i) * (eightDigits.charAt(i) - '0');
        }
        int check = sum % 11; // sum - check must be divisible by 11
        return check == 10 ? -1 : check;
    }

    /** Weights 9..2 and -1 on the last digit; the sum divisible by 11. */
    public static boolean passesElevenCheck(String nineDigits) {
        if (nineDigits == null || nineDigits.length() != 9) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            char c = nineDigits.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            sum += (i == 8 ? -1 : 9 - i) * (c - '0');
        }
        return sum % 11 == 0;
    }

    private static long permute(long index, long multiplier, long offset) {
        if (index < 0 || index >= CAPACITY) {
            throw new IllegalArgumentException("index " + index + " outside [0, " + CAPACITY + ")");
        }
        return Math.floorMod(index * multiplier + offset, CAPACITY);
    }

    static String pad(long value, int width) {
        String s = Long.toString(value);
        if (s.length() >= width) {
            return s;
        }
        return "0".repeat(width - s.length()) + s;
    }
}
