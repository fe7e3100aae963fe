package nl.kvksync.review.proposal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import nl.kvksync.contracts.OrganisationFields;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.review.platform.ProblemException;
import nl.kvksync.review.platform.ProblemException.FieldError;
import nl.kvksync.review.sbi.SbiCatalogue;

/**
 * The list filters: kind, status, a changed field, conflict, SBI section, a range over the four postcode digits and
 * a minimum age. Null means "any". Parsed from query parameters or a bulk body with field-named errors.
 */
public record ProposalFilter(ProposalKind kind, ProposalStatus status, String field, Boolean conflict,
        String sbiSection, Integer postcodeFrom, Integer postcodeTo, Duration olderThan) {

    public static final ProposalFilter PENDING = new ProposalFilter(null, ProposalStatus.PENDING, null, null, null,
            null, null, null);

    public boolean matches(ProposalSummary s, long now) {
        if (kind != null && s.kind() != kind) {
            return false;
        }
        if (status != null && s.status() != status) {
            return false;
        }
        if (field != null && !s.fields().contains(field)) {
            return false;
        }
        if (conflict != null && s.conflict() != conflict) {
            return false;
        }
        if (sbiSection != null && !sbiSection.equals(s.sbiSection())) {
            return false;
        }
        if ((postcodeFrom != null || postcodeTo != null) && (s.postcode4() < 0
                || (postcodeFrom != null && s.postcode4() < postcodeFrom)
                || (postcodeTo != null && s.postcode4() > postcodeTo))) {
            return false;
        }
        return olderThan == null || now - s.raisedAt() >= olderThan.toMillis();
    }

    /** Only status and kind filter: the index can answer from its per-status-and-kind buckets. */
    public boolean byStatusAndKindOnly() {
        return field == null && conflict == null && sbiSection == null && postcodeFrom == null && postcodeTo == null
                && olderThan == null;
    }

    public ProposalFilter withKind(ProposalKind newKind) {
        return new ProposalFilter(newKind, status, field, conflict, sbiSection, postcodeFrom, postcodeTo, olderThan);
    }

    public ProposalFilter withStatus(ProposalStatus newStatus) {
        return new ProposalFilter(kind, newStatus, field, conflict, sbiSection, postcodeFrom, postcodeTo, olderThan);
    }

    /**
     * Parses filter values (query parameters or a bulk body's filter object, values as strings); {@code status}
     * defaults to PENDING. Every bad value is reported with its field name.
     */
    public static ProposalFilter parse(Map<String, ?> values, SbiCatalogue sbi) {
        List<FieldError> errors = new ArrayList<>();
        ProposalKind kind = null;
        String kindValue = text(values.get("kind"));
        if (kindValue != null) {
            try {
                kind = ProposalKind.valueOf(kindValue.toUpperCase(Locale.ROOT));
                if (kind == ProposalKind.UNKNOWN) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("kind", "must be UPDATE, ENDED or NEW, not '" + kindValue + "'"));
            }
        }
        ProposalStatus status = ProposalStatus.PENDING;
        String statusValue = text(values.get("status"));
        if (statusValue != null) {
            try {
                status = ProposalStatus.valueOf(statusValue.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("status", "must be one of PENDING, ACCEPTED, APPLIED, REJECTED, SUPERSEDED, "
                        + "FAILED, not '" + statusValue + "'"));
            }
        }
        String field = text(values.get("field"));
        if (field != null && !OrganisationFields.isKnown(field)) {
            errors.add(new FieldError("field", "unknown organisation field '" + field + "'; one of "
                    + OrganisationFields.ALL));
        }
        Boolean conflict = null;
        String conflictValue = text(values.get("conflict"));
        if (conflictValue != null) {
            if ("true".equalsIgnoreCase(conflictValue) || "false".equalsIgnoreCase(conflictValue)) {
                conflict = Boolean.valueOf(conflictValue.toLowerCase(Locale.ROOT));
            } else {
                errors.add(new FieldError("conflict", "must be true or false, not '" + conflictValue + "'"));
            }
        }
        String section = text(values.get("sbiSection"));
        if (section != null) {
            section = section.toUpperCase(Locale.ROOT);
            if (!sbi.isSection(section)) {
                errors.add(new FieldError("sbiSection", "unknown SBI section '" + section + "'; a letter A-V"));
            }
        }
        Integer from = postcode(values.get("postcodeFrom"), "postcodeFrom", errors);
        Integer to = postcode(values.get("postcodeTo"), "postcodeTo", errors);
        if (from != null && to != null && from > to) {
            errors.add(new FieldError("postcodeFrom", "must not be greater than postcodeTo (" + from + " > " + to
                    + ")"));
        }
        Duration olderThan = null;
        String age = text(values.get("olderThan"));
        if (age != null) {
            try {
                olderThan = age.chars().allMatch(Character::isDigit) ? Duration.ofDays(Long.parseLong(age))
                        : Duration.parse(age.toUpperCase(Locale.ROOT));
                if (olderThan.isNegative()) {
                    throw new IllegalArgumentException();
                }
            } catch (RuntimeException e) {
                errors.add(new FieldError("olderThan", "must be a number of days or an ISO-8601 duration such as "
                        + "P7D or PT12H, not '" + age + "'"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("invalid proposal filter: " + errors.get(0).field() + " "
                    + errors.get(0).message(), errors);
        }
        return new ProposalFilter(kind, status, field, conflict, section, from, to, olderThan);
    }

    private static Integer postcode(Object raw, String name, List<FieldError> errors) {
        String value = text(raw);
        if (value == null) {
            return null;
        }
        if (value.length() != 4 || !value.chars().allMatch(Character::isDigit) || value.charAt(0) == '0') {
            errors.add(new FieldError(name, "must be the four digits of a postcode, 1000-9999, not '" + value + "'"));
            return null;
        }
        return Integer.valueOf(value);
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString().trim();
        return s.isEmpty() ? null : s;
    }
}
