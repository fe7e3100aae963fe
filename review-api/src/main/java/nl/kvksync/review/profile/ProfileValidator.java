package nl.kvksync.review.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.kvksync.contracts.kvk.LegalForm;
import nl.kvksync.review.platform.ProblemException;
import nl.kvksync.review.platform.ProblemException.FieldError;
import nl.kvksync.review.sbi.SbiCatalogue;

/**
 * Checks a profile body field by field and reports every problem with its path ({@code postcodeRanges[1].from}):
 * a name and organisation type (one the environment knows, when it is known), postcode ranges over 1000-9999 with
 * from &lt;= to, a non-empty list of SBI include prefixes each naming a real SBI 2008 or 2025 code, exclude
 * prefixes likewise, PRIMARY or ANY scope, known legal forms, a non-negative employee minimum. Plain class.
 */
final class ProfileValidator {

    private static final Set<String> PROPERTIES = Set.of("profileId", "name", "organisationType",
            "offerNewRegistrations", "postcodeRanges", "sbiInclude", "sbiExclude", "sbiScope", "legalForms",
            "minEmployees", "version");

    private final SbiCatalogue sbi;

    ProfileValidator(SbiCatalogue sbi) {
        this.sbi = sbi;
    }

    /** @param organisationTypes the environment's types; empty when the environment is not known (any accepted) */
    ProfileSpec validate(Map<String, Object> body, Collection<String> organisationTypes) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null) {
            throw ProblemException.invalid("profile", "a profile body is required");
        }
        for (String key : body.keySet()) {
            if (!PROPERTIES.contains(key)) {
                errors.add(new FieldError(key, "unknown property; a profile has " + PROPERTIES));
            }
        }
        String name = text(body.get("name"), "name", errors, true);
        if (name != null && name.length() > 100) {
            errors.add(new FieldError("name", "at most 100 characters"));
        }
        String type = text(body.get("organisationType"), "organisationType", errors, true);
        if (type != null && !organisationTypes.isEmpty() && !organisationTypes.contains(type)) {
            errors.add(new FieldError("organisationType", "'" + type + "' is not an organisation type of this "
                    + "environment; one of " + organisationTypes));
        }
        boolean offer = false;
        Object offerValue = body.get("offerNewRegistrations");
        if (offerValue instanceof Boolean b) {
            offer = b;
        } else if (offerValue != null) {
            errors.add(new FieldError("offerNewRegistrations", "must be true or false"));
        }
        List<ProfileSpec.PostcodeRange> ranges = ranges(body.get("postcodeRanges"), errors);
        List<String> include = prefixes(body.get("sbiInclude"), "sbiInclude", errors);
        if (body.get("sbiInclude") instanceof List<?> given && given.isEmpty()) {
            errors.add(new FieldError("sbiInclude", "name at least one SBI code or prefix to include (e.g. 93)"));
        } else if (include == null && body.get("sbiInclude") == null) {
            errors.add(new FieldError("sbiInclude", "is required: the SBI codes or prefixes to include (e.g. 93)"));
        }
        List<String> exclude = body.get("sbiExclude") == null ? List.of()
                : prefixes(body.get("sbiExclude"), "sbiExclude", errors);
        String scope = "PRIMARY";
        Object scopeValue = body.get("sbiScope");
        if (scopeValue != null) {
            if ("PRIMARY".equals(scopeValue) || "ANY".equals(scopeValue)) {
                scope = (String) scopeValue;
            } else {
                errors.add(new FieldError("sbiScope", "must be PRIMARY or ANY"));
            }
        }
        List<String> legalForms = legalForms(body.get("legalForms"), errors);
        Integer minEmployees = null;
        Object min = body.get("minEmployees");
        if (min != null) {
            if (min instanceof Integer || min instanceof Long) {
                long n = ((Number) min).longValue();
                if (n < 0 || n > 1_000_000) {
                    errors.add(new FieldError("minEmployees", "must be 0 or more"));
                } else {
                    minEmployees = (int) n;
                }
            } else {
                errors.add(new FieldError("minEmployees", "must be a whole number, not '" + min + "'"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("invalid profile: " + errors.get(0).field() + " " + errors.get(0).message(),
                    errors);
        }
        return new ProfileSpec(name.trim(), type.trim(), offer, ranges, include, exclude == null ? List.of() : exclude,
                scope, legalForms, minEmployees);
    }

    private List<ProfileSpec.PostcodeRange> ranges(Object value, List<FieldError> errors) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            errors.add(new FieldError("postcodeRanges", "must be a list of {from, to}"));
            return List.of();
        }
        List<ProfileSpec.PostcodeRange> ranges = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "postcodeRanges[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> range)) {
                errors.add(new FieldError(path, "must be {from, to}"));
                continue;
            }
            Integer from = digits(range.get("from"), path + ".from", errors);
            Integer to = digits(range.get("to"), path + ".to", errors);
            if (from != null && to != null) {
                if (from > to) {
                    errors.add(new FieldError(path + ".from", "must not be greater than to (" + from + " > " + to
                            + ")"));
                } else {
                    ranges.add(new ProfileSpec.PostcodeRange(from, to));
                }
            }
        }
        return ranges;
    }

    private static Integer digits(Object value, String path, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError(path, "is required: four postcode digits, 1000-9999"));
            return null;
        }
        if (!(value instanceof Integer || value instanceof Long)) {
            errors.add(new FieldError(path, "must be a number (the four postcode digits), not '" + value + "'"));
            return null;
        }
        long n = ((Number) value).longValue();
        if (n < 1000 || n > 9999) {
            errors.add(new FieldError(path, "must be between 1000 and 9999 (the four postcode digits), not " + n));
            return null;
        }
        return (int) n;
    }

    private List<String> prefixes(Object value, String field, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            errors.add(new FieldError(field, "must be a list of SBI codes or prefixes"));
            return null;
        }
        Set<String> prefixes = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = field + "[" + i + "]";
            Object item = list.get(i);
            String code = item == null ? null : item.toString().trim();
            if (!(item instanceof String) || code.isEmpty()) {
                errors.add(new FieldError(path, "must be an SBI code or prefix as a string (leading zeros kept)"));
            } else if (code.length() < 2 || code.length() > 5 || !code.chars().allMatch(Character::isDigit)) {
                errors.add(new FieldError(path, "must be 2 to 5 digits, not '" + code + "'"));
            } else if (!sbi.isKnownPrefix(code)) {
                errors.add(new FieldError(path, "unknown SBI code or prefix '" + code + "' (neither SBI 2008 nor SBI "
                        + "2025 has a code starting with it)"));
            } else {
                prefixes.add(code);
            }
        }
        return List.copyOf(prefixes);
    }

    private static List<String> legalForms(Object value, List<FieldError> errors) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            errors.add(new FieldError("legalForms", "must be a list of legal forms"));
            return List.of();
        }
        List<String> known = Arrays.stream(LegalForm.values()).map(Enum::name).toList();
        List<String> forms = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item instanceof String s && known.contains(s)) {
                forms.add(s);
            } else {
                errors.add(new FieldError("legalForms[" + i + "]", "unknown legal form '" + item + "'; one of "
                        + known));
            }
        }
        return forms;
    }

    private static String text(Object value, String field, List<FieldError> errors, boolean required) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (!(value instanceof String s)) {
            errors.add(new FieldError(field, "must be text"));
            return null;
        }
        return s;
    }
}
