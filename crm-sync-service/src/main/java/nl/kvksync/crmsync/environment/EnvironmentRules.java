package nl.kvksync.crmsync.environment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import nl.kvksync.crmsync.platform.ApiException.FieldError;

/**
 * What makes an environment valid and how its modules switch: the advanced module requires the basic one, and
 * switching basic off switches advanced off with it. Plain rules, unit-tested without Spring.
 */
final class EnvironmentRules {

    /** Environment ids appear in record keys ({@code env:organisationId}) and URLs: no colon, slash or space. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    static final int MAX_TYPE_LENGTH = 60;
    static final int MAX_TYPES = 50;

    /** The modules after a switch, or the errors that refuse it. */
    record Modules(boolean basic, boolean advanced, List<FieldError> errors) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    private EnvironmentRules() {
    }

    static List<FieldError> validateNew(String environmentId, String name, Boolean basic, Boolean advanced,
            List<String> types) {
        List<FieldError> errors = new ArrayList<>();
        if (environmentId == null || environmentId.isBlank()) {
            errors.add(new FieldError("environmentId", "is required"));
        } else if (!ID.matcher(environmentId).matches()) {
            errors.add(new FieldError("environmentId",
                    "must be 1-64 letters, digits, '-' or '_', starting with a letter or digit"));
        }
        if (name != null && name.length() > 200) {
            errors.add(new FieldError("name", "must be at most 200 characters"));
        }
        if (Boolean.TRUE.equals(advanced) && !Boolean.TRUE.equals(basic)) {
            errors.add(new FieldError("advancedModule", "the advanced module requires the basic module"));
        }
        errors.addAll(validateTypes("organisationTypes", types));
        return errors;
    }

    static List<FieldError> validateTypes(String field, List<String> types) {
        List<FieldError> errors = new ArrayList<>();
        if (types == null) {
            return errors;
        }
        if (types.size() > MAX_TYPES) {
            errors.add(new FieldError(field, "at most " + MAX_TYPES + " types"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i);
            if (type == null || type.isBlank()) {
                errors.add(new FieldError(field + "[" + i + "]", "must not be blank"));
            } else if (type.length() > MAX_TYPE_LENGTH) {
                errors.add(new FieldError(field + "[" + i + "]", "must be at most " + MAX_TYPE_LENGTH + " characters"));
            } else if (!seen.add(type)) {
                errors.add(new FieldError(field + "[" + i + "]", "'" + type + "' is listed twice"));
            }
        }
        return errors;
    }

    /**
     * Applies a module switch; a null leaves that module as it is. Basic off takes advanced with it, unless the
     * request explicitly asks for advanced on, which is refused.
     */
    static Modules switchModules(boolean currentBasic, boolean currentAdvanced, Boolean basic, Boolean advanced) {
        if (basic == null && advanced == null) {
            return new Modules(currentBasic, currentAdvanced,
                    List.of(new FieldError("basic", "give basic, advanced or both")));
        }
        boolean newBasic = basic == null ? currentBasic : basic;
        boolean newAdvanced = advanced == null ? currentAdvanced : advanced;
        if (!newBasic) {
            if (Boolean.TRUE.equals(advanced)) {
                return new Modules(currentBasic, currentAdvanced, List.of(new FieldError("advanced",
                        "the advanced module requires the basic module")));
            }
            newAdvanced = false;
        }
        return new Modules(newBasic, newAdvanced, List.of());
    }
}
