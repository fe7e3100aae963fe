package nl.kvksync.matcher.profile;

import java.util.ArrayList;
import java.util.List;

import nl.kvksync.contracts.kvk.LegalForm;

/**
 * The rules a profile must keep (review-api applies the same before publishing; the matcher guards anyway):
 * postcode ranges of four digits 1000-9999 with from &lt;= to; a non-empty SBI include list; SBI prefixes of 2-5
 * digits that start at least one SBI 2008 or SBI 2025 code; scope PRIMARY or ANY; legal forms from the
 * {@code LegalForm} list; a minimum number of employees of 0 or more.
 */
public final class ProfileValidator {

    static final int MAX_ITEMS = 200;

    private ProfileValidator() {
    }

    public static List<FieldError> validate(ProfileSpec p) {
        List<FieldError> errors = new ArrayList<>();
        if (p.name() != null && p.name().length() > 200) {
            errors.add(new FieldError("name", "must be at most 200 characters"));
        }
        if (p.postcodeRanges().size() > MAX_ITEMS) {
            errors.add(new FieldError("postcodeRanges", "at most " + MAX_ITEMS + " ranges"));
        }
        for (int i = 0; i < p.postcodeRanges().size(); i++) {
            ProfileSpec.Range r = p.postcodeRanges().get(i);
            String field = "postcodeRanges[" + i + "]";
            if (r == null) {
                errors.add(new FieldError(field, "must be a range {from, to}"));
                continue;
            }
            boolean fromOk = fourDigits(errors, field + ".from", r.from());
            boolean toOk = fourDigits(errors, field + ".to", r.to());
            if (fromOk && toOk && r.from() > r.to()) {
                errors.add(new FieldError(field, "from " + r.from() + " is greater than to " + r.to()));
            }
        }
        if (p.sbiInclude().isEmpty()) {
            errors.add(new FieldError("sbiInclude", "must name at least one SBI code prefix (e.g. \"93\")"));
        }
        prefixes(errors, "sbiInclude", p.sbiInclude());
        prefixes(errors, "sbiExclude", p.sbiExclude());
        if (p.sbiScope() != null && !p.sbiScope().equals("PRIMARY") && !p.sbiScope().equals("ANY")) {
            errors.add(new FieldError("sbiScope", "must be PRIMARY or ANY, not \"" + cut(p.sbiScope()) + "\""));
        }
        for (int i = 0; i < p.legalForms().size(); i++) {
            String form = p.legalForms().get(i);
            if (form == null || !isLegalForm(form)) {
                errors.add(new FieldError("legalForms[" + i + "]", "unknown legal form \"" + cut(form)
                        + "\"; one of " + java.util.Arrays.toString(LegalForm.values())));
            }
        }
        if (p.minEmployees() != null && p.minEmployees() < 0) {
            errors.add(new FieldError("minEmployees", "must be 0 or more"));
        }
        return errors;
    }

    public static void require(ProfileSpec p) {
        List<FieldError> errors = validate(p);
        if (!errors.isEmpty()) {
            throw new InvalidProfileException(errors);
        }
    }

    private static boolean fourDigits(List<FieldError> errors, String field, Integer value) {
        if (value == null) {
            errors.add(new FieldError(field, "must be the four digits of a postcode (1000-9999)"));
            return false;
        }
        if (value < 1000 || value > 9999) {
            errors.add(new FieldError(field, value + " is not the four digits of a postcode (1000-9999)"));
            return false;
        }
        return true;
    }

    private static void prefixes(List<FieldError> errors, String field, List<String> prefixes) {
        if (prefixes.size() > MAX_ITEMS) {
            errors.add(new FieldError(field, "at most " + MAX_ITEMS + " prefixes"));
            return;
        }
        for (int i = 0; i < prefixes.size(); i++) {
            String prefix = prefixes.get(i);
            String f = field + "[" + i + "]";
            if (prefix == null || !prefix.matches("\\d{2,5}")) {
                errors.add(new FieldError(f, "\"" + cut(prefix) + "\" is not an SBI code prefix of 2 to 5 digits"));
            } else if (!SbiCodes.get().isKnownPrefix(prefix)) {
                errors.add(new FieldError(f, "no SBI 2008 or SBI 2025 code starts with \"" + prefix + "\""));
            }
        }
    }

    private static boolean isLegalForm(String s) {
        for (LegalForm f : LegalForm.values()) {
            if (f.name().equals(s)) {
                return true;
            }
        }
        return false;
    }

    private static String cut(String s) {
        return s == null ? "null" : s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
