package nl.kvksync.matcher.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks one registration against many profiles at once with bitsets (one bit per profile): a bitset per postcode
 * value, per SBI code id (PRIMARY and ANY scope profiles for the primary code, ANY scope profiles for the others)
 * and per legal form; their AND leaves the candidates, of which only those with a minimum number of employees are
 * checked one by one. Immutable; {@link ProfileBook} builds a new one when the profiles change.
 */
public final class RoutingMatcher {

    private final CompiledProfile[] profiles;
    private final int words;
    private final long[] byPostcode;
    private final long[] byPrimaryCode;
    private final long[] byOtherCode;
    private final long[] byLegalForm;
    private final long[] needsEmployeeCheck;
    private final int codes;

    public RoutingMatcher(List<CompiledProfile> profiles) {
        this.profiles = profiles.toArray(CompiledProfile[]::new);
        this.words = Math.max(1, (this.profiles.length + 63) / 64);
        this.codes = SbiCodes.get().size();
        byPostcode = new long[10000 * words];
        byPrimaryCode = new long[codes * words];
        byOtherCode = new long[codes * words];
        int legalForms = nl.kvksync.contracts.kvk.LegalForm.values().length + 1;
        byLegalForm = new long[legalForms * words];
        needsEmployeeCheck = new long[words];
        for (int p = 0; p < this.profiles.length; p++) {
            CompiledProfile profile = this.profiles[p];
            int w = p >>> 6;
            long bit = 1L << (p & 63);
            for (int pc = 0; pc < 10000; pc++) {
                if (pc == 0 ? profile.anyPostcode() : profile.postcodeAllowed(pc)) {
                    byPostcode[pc * words + w] |= bit;
                }
            }
            for (int code = 0; code < codes; code++) {
                if (profile.codeAllowed(code)) {
                    byPrimaryCode[code * words + w] |= bit;
                    if (profile.anyScope()) {
                        byOtherCode[code * words + w] |= bit;
                    }
                }
            }
            for (int lf = 0; lf < legalForms; lf++) {
                if (profile.legalFormAllowed(lf)) {
                    byLegalForm[lf * words + w] |= bit;
                }
            }
            if (profile.minEmployees() > 0) {
                needsEmployeeCheck[w] |= bit;
            }
        }
    }

    public int size() {
        return profiles.length;
    }

    /** The profiles {@code f} matches, in the order they were given. */
    public List<CompiledProfile> match(RegistrationFacts f) {
        List<CompiledProfile> matched = new ArrayList<>(2);
        if (f.primaryCode() < 0 || profiles.length == 0) {
            return matched;
        }
        for (int w = 0; w < words; w++) {
            long m = candidates(f, w);
            while (m != 0) {
                int p = (w << 6) + Long.numberOfTrailingZeros(m);
                m &= m - 1;
                matched.add(profiles[p]);
            }
        }
        return matched;
    }

    /** How many profiles {@code f} matches, without allocating: the hot path the benchmark measures. */
    public int count(RegistrationFacts f) {
        if (f.primaryCode() < 0) {
            return 0;
        }
        int n = 0;
        for (int w = 0; w < words; w++) {
            n += Long.bitCount(candidates(f, w));
        }
        return n;
    }

    private long candidates(RegistrationFacts f, int w) {
        long m = byPostcode[f.postcode() * words + w] & byLegalForm[f.legalForm() * words + w];
        if (m == 0) {
            return 0;
        }
        long sbi = codeBits(byPrimaryCode, f.primaryCode(), w, false);
        for (int other : f.otherCodes()) {
            sbi |= codeBits(byOtherCode, other, w, true);
        }
        m &= sbi;
        long check = m & needsEmployeeCheck[w];
        while (check != 0) {
            int p = (w << 6) + Long.numberOfTrailingZeros(check);
            long bit = check & -check;
            check &= check - 1;
            if (!profiles[p].employeesAllowed(f.employees())) {
                m &= ~bit;
            }
        }
        return m;
    }

    private long codeBits(long[] table, int code, int w, boolean anyScopeOnly) {
        if (code < 0) {
            return 0;
        }
        if (code < codes) {
            return table[code * words + w];
        }
        // A code appended to the dictionary after this matcher was built: ask the profiles themselves.
        long bits = 0;
        for (int p = w << 6; p < Math.min(profiles.length, (w + 1) << 6); p++) {
            if ((!anyScopeOnly || profiles[p].anyScope()) && profiles[p].codeAllowed(code)) {
                bits |= 1L << (p & 63);
            }
        }
        return bits;
    }
}
