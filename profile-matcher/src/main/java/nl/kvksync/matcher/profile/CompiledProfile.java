package nl.kvksync.matcher.profile;

import java.util.List;

import nl.kvksync.contracts.kvk.LegalForm;

/**
 * A valid profile turned into lookup tables: allowed postcodes (one flag per four-digit value), allowed SBI code
 * ids (include covers the code and exclude does not: exclude wins), allowed legal forms, minimum employees.
 * Immutable and thread-safe. PRIMARY scope looks at the primary SBI code only; ANY at every code, and a
 * registration matches when one of its codes is included and not excluded.
 */
public final class CompiledProfile {

    /** Why a registration matched: the postcode range and the SBI rule, as a person reads them. */
    public record Explanation(String postcodeRange, String sbiRule, String code) {
    }

    private final String environmentId;
    private final String profileId;
    private final ProfileSpec spec;
    private final boolean[] postcodeAllowed = new boolean[10000];
    private final boolean anyPostcode;
    private final boolean[] codeAllowed;
    private final boolean anyScope;
    private final boolean[] legalFormAllowed = new boolean[LegalForm.values().length + 1];
    private final boolean anyLegalForm;
    private final int minEmployees;

    private CompiledProfile(String environmentId, String profileId, ProfileSpec spec) {
        this.environmentId = environmentId;
        this.profileId = profileId;
        this.spec = spec;
        this.anyPostcode = spec.postcodeRanges().isEmpty();
        for (ProfileSpec.Range r : spec.postcodeRanges()) {
            for (int pc = r.from(); pc <= r.to(); pc++) {
                postcodeAllowed[pc] = true;
            }
        }
        if (anyPostcode) {
            java.util.Arrays.fill(postcodeAllowed, true);
        }
        SbiCodes sbi = SbiCodes.get();
        int n = sbi.size();
        codeAllowed = new boolean[n];
        for (int id = 0; id < n; id++) {
            codeAllowed[id] = covers(sbi.code(id));
        }
        this.anyScope = "ANY".equals(spec.sbiScope());
        this.anyLegalForm = spec.legalForms().isEmpty();
        if (anyLegalForm) {
            java.util.Arrays.fill(legalFormAllowed, true);
        } else {
            for (String form : spec.legalForms()) {
                legalFormAllowed[LegalForm.valueOf(form).ordinal() + 1] = true;
            }
        }
        this.minEmployees = spec.minEmployees() == null ? -1 : spec.minEmployees();
    }

    /** Compiles a profile; throws {@link InvalidProfileException} naming every broken rule. */
    public static CompiledProfile compile(String environmentId, String profileId, ProfileSpec spec) {
        ProfileValidator.require(spec);
        return new CompiledProfile(environmentId, profileId, spec);
    }

    public String environmentId() {
        return environmentId;
    }

    public String profileId() {
        return profileId;
    }

    public ProfileSpec spec() {
        return spec;
    }

    public boolean anyScope() {
        return anyScope;
    }

    public boolean anyPostcode() {
        return anyPostcode;
    }

    /** True when the profile does not restrict the legal form. */
    public boolean anyLegalForm() {
        return anyLegalForm;
    }

    public int minEmployees() {
        return minEmployees;
    }

    /** Postcode 0 (none) matches only a profile without ranges. */
    public boolean postcodeAllowed(int postcode) {
        return postcode == 0 ? anyPostcode : postcodeAllowed[postcode];
    }

    public boolean codeAllowed(int codeId) {
        if (codeId < 0) {
            return false;
        }
        return codeId < codeAllowed.length ? codeAllowed[codeId] : covers(SbiCodes.get().code(codeId));
    }

    /**
     * {@link #codeAllowed} as a table for the ids {@code 0 .. size - 1}, shifted by one: entry {@code id + 1}, and
     * entry 0 (no code) false. A copy, for column scans that store code ids plus one.
     */
    public boolean[] codeTablePlusOne(int size) {
        boolean[] table = new boolean[size + 1];
        for (int id = 0; id < size; id++) {
            table[id + 1] = codeAllowed(id);
        }
        return table;
    }

    /** {@link #postcodeAllowed} as a table over 0-9999 (entry 0: no postcode). A copy. */
    public boolean[] postcodeTable() {
        boolean[] table = postcodeAllowed.clone();
        table[0] = anyPostcode;
        return table;
    }

    /** {@link #legalFormAllowed} as a table (entry 0: no legal form). A copy. */
    public boolean[] legalFormTable() {
        return legalFormAllowed.clone();
    }

    public boolean legalFormAllowed(int legalForm) {
        return legalFormAllowed[legalForm];
    }

    public boolean employeesAllowed(int employees) {
        return minEmployees <= 0 || employees >= minEmployees;
    }

    public boolean matches(RegistrationFacts f) {
        return postcodeAllowed(f.postcode()) && legalFormAllowed(f.legalForm()) && employeesAllowed(f.employees())
                && sbiAllowed(f);
    }

    public boolean sbiAllowed(RegistrationFacts f) {
        if (codeAllowed(f.primaryCode())) {
            return true;
        }
        if (anyScope) {
            for (int code : f.otherCodes()) {
                if (codeAllowed(code)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The range and SBI rule that made {@code f} match; call only for a registration that matches. */
    public Explanation explain(RegistrationFacts f) {
        String range = "any postcode";
        if (!anyPostcode) {
            for (ProfileSpec.Range r : spec.postcodeRanges()) {
                if (f.postcode() >= r.from() && f.postcode() <= r.to()) {
                    range = r.from() + "-" + r.to();
                    break;
                }
            }
        }
        int code = codeAllowed(f.primaryCode()) ? f.primaryCode() : -1;
        if (code < 0 && anyScope) {
            for (int other : f.otherCodes()) {
                if (codeAllowed(other)) {
                    code = other;
                    break;
                }
            }
        }
        if (code < 0) {
            return new Explanation(range, null, null);
        }
        String codeText = SbiCodes.get().code(code);
        String prefix = spec.sbiInclude().stream().filter(codeText::startsWith)
                .max(java.util.Comparator.comparingInt(String::length)).orElse("?");
        return new Explanation(range, prefix + " -> " + codeText, codeText);
    }

    private boolean covers(String code) {
        return startsWithAny(code, spec.sbiInclude()) && !startsWithAny(code, spec.sbiExclude());
    }

    private static boolean startsWithAny(String code, List<String> prefixes) {
        for (String p : prefixes) {
            if (code.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
