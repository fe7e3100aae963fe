package nl.kvksync.crmsync.organisation;

import java.net.URI;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import nl.kvksync.contracts.OrganisationFields;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.LegalForm;
import nl.kvksync.crmsync.platform.ApiException.FieldError;
import tools.jackson.databind.JsonNode;

/**
 * A user's input to an organisation — the body of a create by hand or a JSON merge patch — validated field by
 * field and applied with USER provenance for every synced field whose value really changed. Values are normalised
 * to the register's form (postcode {@code 1234AB}, phone E.164, website an absolute http(s) URL) so that a value a
 * user typed compares equal to the same value from KvK. Plain code, unit-tested without Spring.
 */
final class OrganisationEdits {

    static final String TYPE = "type";
    static final String LEGAL_FORM_TEXT = "legalFormText";
    private static final Set<String> EDITABLE;
    private static final Set<String> READ_ONLY = Set.of("organisationId", "environmentId", "status", "endDate",
            "endReason", "registrationKey", "subscribed", "subscriptionOrigin", "provenance", "version", "createdAt",
            "updatedAt", "createdBy", "display");
    private static final Set<String> ADDRESS_FIELDS = Set.of("street", "houseNumber", "houseLetter",
            "houseNumberAddition", "addition", "poBox", "postcode", "city", "streetAndNumber", "postcodeAndCity",
            "region", "country", "shielded");

    private static final Pattern DIGITS_8 = Pattern.compile("\\d{8}");
    private static final Pattern DIGITS_9 = Pattern.compile("\\d{9}");
    private static final Pattern DIGITS_12 = Pattern.compile("\\d{12}");
    private static final Pattern SBI = Pattern.compile("\\d{4,5}");
    private static final Pattern DUTCH_POSTCODE = Pattern.compile("[1-9]\\d{3}[A-Z]{2}");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern YEAR_MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern HOUSE_LETTER = Pattern.compile("[A-Za-z]");
    private static final int MAX_TEXT = 500;

    static {
        Set<String> editable = new LinkedHashSet<>(OrganisationFields.ALL);
        editable.add(LEGAL_FORM_TEXT);
        editable.add(TYPE);
        EDITABLE = Set.copyOf(editable);
    }

    /** The outcome of an edit: the synced fields whose value changed, whether the type changed, and the errors. */
    record Result(List<String> changedFields, boolean typeChanged, List<FieldError> errors) {
        boolean changed() {
            return !changedFields.isEmpty() || typeChanged;
        }
    }

    /** Decides whether a type is allowed in the organisation's environment. */
    interface TypeRule {
        boolean allows(String type);
    }

    private OrganisationEdits() {
    }

    /**
     * Applies {@code input} (a JSON object; a member set to null clears the field) to {@code o}. Nothing is applied
     * when any member is invalid.
     */
    static Result apply(Organisation o, JsonNode input, TypeRule types, String user, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (input == null || !input.isObject()) {
            return new Result(List.of(), false, List.of(new FieldError("body", "must be a JSON object")));
        }
        Organisation edited = Organisations.copy(o);
        List<String> names = new ArrayList<>(input.propertyNames());
        // legalForm clears the free text; a legalFormText given with it is applied after it
        names.sort((a, b) -> Boolean.compare(LEGAL_FORM_TEXT.equals(a), LEGAL_FORM_TEXT.equals(b)));
        for (String name : names) {
            if (READ_ONLY.contains(name)) {
                errors.add(new FieldError(name, "is read-only"));
            } else if (!EDITABLE.contains(name)) {
                errors.add(new FieldError(name, "is not a field of an organisation"));
            } else {
                set(edited, name, input.get(name), types, errors);
            }
        }
        if (!errors.isEmpty()) {
            return new Result(List.of(), false, errors);
        }
        boolean typeChanged = !Objects.equals(o.getType(), edited.getType());
        List<String> changed = new ArrayList<>();
        Map<String, String> before = OrganisationFields.of(o);
        Map<String, String> after = OrganisationFields.of(edited);
        for (String field : OrganisationFields.ALL) {
            boolean structuredChange = (OrganisationFields.VISITING_ADDRESS.equals(field)
                    && !Objects.equals(o.getVisitingAddress(), edited.getVisitingAddress()))
                    || (OrganisationFields.POSTAL_ADDRESS.equals(field)
                    && !Objects.equals(o.getPostalAddress(), edited.getPostalAddress()))
                    || (OrganisationFields.LEGAL_FORM.equals(field)
                    && !Objects.equals(o.getLegalForm(), edited.getLegalForm()));
            if (!Objects.equals(before.get(field), after.get(field)) || structuredChange) {
                changed.add(field);
            }
        }
        for (String field : changed) {
            copyValue(edited, o, field);
            Organisations.markUserEdit(o, field, user, now);
        }
        o.setType(edited.getType());
        return new Result(changed, typeChanged, List.of());
    }

    /** Name rule for an organisation typed in by hand: a trade name or a statutory name. */
    static List<FieldError> requireName(Organisation o) {
        if (o.getTradeName() == null && o.getStatutoryName() == null) {
            return List.of(new FieldError("tradeName", "a trade name or a statutory name is required"));
        }
        return List.of();
    }

    private static void copyValue(Organisation from, Organisation to, String field) {
        switch (field) {
            case OrganisationFields.TRADE_NAME -> to.setTradeName(from.getTradeName());
            case OrganisationFields.STATUTORY_NAME -> to.setStatutoryName(from.getStatutoryName());
            case OrganisationFields.WEBSITE -> to.setWebsite(from.getWebsite());
            case OrganisationFields.PHONE -> to.setPhone(from.getPhone());
            case OrganisationFields.VISITING_ADDRESS -> to.setVisitingAddress(from.getVisitingAddress());
            case OrganisationFields.POSTAL_ADDRESS -> to.setPostalAddress(from.getPostalAddress());
            case OrganisationFields.SBI_CODE -> to.setSbiCode(from.getSbiCode());
            case OrganisationFields.SBI_DESCRIPTION -> to.setSbiDescription(from.getSbiDescription());
            case OrganisationFields.EMPLOYEES -> to.setEmployees(from.getEmployees());
            case OrganisationFields.KVK_NUMMER -> to.setKvkNummer(from.getKvkNummer());
            case OrganisationFields.VESTIGINGSNUMMER -> to.setVestigingsnummer(from.getVestigingsnummer());
            case OrganisationFields.FOUNDING_DATE -> to.setFoundingDate(from.getFoundingDate());
            case OrganisationFields.RSIN -> to.setRsin(from.getRsin());
            case OrganisationFields.LEGAL_FORM -> {
                to.setLegalForm(from.getLegalForm());
                to.setLegalFormText(from.getLegalFormText());
            }
            default -> throw new IllegalArgumentException(field);
        }
    }

    private static void set(Organisation o, String name, JsonNode value, TypeRule types, List<FieldError> errors) {
        boolean isNull = value == null || value.isNull();
        switch (name) {
            case TYPE -> {
                int before = errors.size();
                String type = text(name, value, 60, errors);
                if (type != null && !types.allows(type)) {
                    errors.add(new FieldError(name, "'" + type + "' is not an organisation type of this environment"));
                } else if (errors.size() == before) {
                    o.setType(type);
                }
            }
            case OrganisationFields.TRADE_NAME -> o.setTradeName(text(name, value, MAX_TEXT, errors));
            case OrganisationFields.STATUTORY_NAME -> o.setStatutoryName(text(name, value, MAX_TEXT, errors));
            case OrganisationFields.WEBSITE -> o.setWebsite(website(name, value, errors));
            case OrganisationFields.PHONE -> o.setPhone(phone(name, value, errors));
            case OrganisationFields.VISITING_ADDRESS -> o.setVisitingAddress(address(name, value, errors));
            case OrganisationFields.POSTAL_ADDRESS -> o.setPostalAddress(address(name, value, errors));
            case OrganisationFields.SBI_CODE -> o.setSbiCode(pattern(name, value, SBI, "must be 4 or 5 digits", errors));
            case OrganisationFields.SBI_DESCRIPTION -> o.setSbiDescription(text(name, value, MAX_TEXT, errors));
            case OrganisationFields.EMPLOYEES -> {
                if (isNull) {
                    o.setEmployees(null);
                } else if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
                    errors.add(new FieldError(name, "must be a whole number of 0 or more"));
                } else {
                    o.setEmployees(value.intValue());
                }
            }
            case OrganisationFields.KVK_NUMMER -> o.setKvkNummer(pattern(name, value, DIGITS_8, "must be 8 digits",
                    errors));
            case OrganisationFields.VESTIGINGSNUMMER -> o.setVestigingsnummer(pattern(name, value, DIGITS_12,
                    "must be 12 digits", errors));
            case OrganisationFields.FOUNDING_DATE -> o.setFoundingDate(date(name, value, errors));
            case OrganisationFields.RSIN -> {
                String rsin = pattern(name, value, DIGITS_9, "must be 9 digits", errors);
                if (rsin != null && !elevenCheck(rsin)) {
                    errors.add(new FieldError(name, "fails the eleven-check"));
                } else {
                    o.setRsin(rsin);
                }
            }
            case OrganisationFields.LEGAL_FORM -> {
                if (isNull) {
                    o.setLegalForm(null);
                    o.setLegalFormText(null);
                } else if (!value.isString() || !isLegalForm(value.stringValue())) {
                    errors.add(new FieldError(name, "must be one of " + List.of(LegalForm.values())));
                } else {
                    o.setLegalForm(LegalForm.valueOf(value.stringValue().trim().toUpperCase(Locale.ROOT)));
                    o.setLegalFormText(null);
                }
            }
            case LEGAL_FORM_TEXT -> o.setLegalFormText(text(name, value, 200, errors));
            default -> errors.add(new FieldError(name, "is not a field of an organisation"));
        }
    }

    private static String text(String name, JsonNode value, int max, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            errors.add(new FieldError(name, "must be a string"));
            return null;
        }
        String s = value.stringValue().trim();
        if (s.isEmpty()) {
            errors.add(new FieldError(name, "must not be blank (send null to clear it)"));
            return null;
        }
        if (s.length() > max) {
            errors.add(new FieldError(name, "must be at most " + max + " characters"));
            return null;
        }
        return s;
    }

    private static String pattern(String name, JsonNode value, Pattern pattern, String rule, List<FieldError> errors) {
        String s = text(name, value, 64, errors);
        if (s != null && !pattern.matcher(s).matches()) {
            errors.add(new FieldError(name, rule));
            return null;
        }
        return s;
    }

    static boolean elevenCheck(String nineDigits) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (9 - i) * (nineDigits.charAt(i) - '0');
        }
        sum -= nineDigits.charAt(8) - '0';
        return sum % 11 == 0;
    }

    private static boolean isLegalForm(String s) {
        try {
            LegalForm.valueOf(s.trim().toUpperCase(Locale.ROOT));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String website(String name, JsonNode value, List<FieldError> errors) {
        String s = text(name, value, MAX_TEXT, errors);
        if (s == null) {
            return null;
        }
        String url = s.matches("(?i)^https?://.*") ? s : "https://" + s;
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || !uri.getHost().contains(".")) {
                throw new IllegalArgumentException("no host");
            }
            return uri.getScheme().toLowerCase(Locale.ROOT) + url.substring(uri.getScheme().length());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(name, "must be a web address such as https://www.example.nl"));
            return null;
        }
    }

    /** E.164: +31 and the number without its leading 0; 00 becomes +. */
    private static String phone(String name, JsonNode value, List<FieldError> errors) {
        String s = text(name, value, 40, errors);
        if (s == null) {
            return null;
        }
        String digits = s.replaceAll("[\\s()./-]", "");
        if (digits.startsWith("00")) {
            digits = "+" + digits.substring(2);
        } else if (digits.startsWith("0") && digits.length() == 10) {
            digits = "+31" + digits.substring(1);
        }
        if (!digits.matches("\\+[1-9]\\d{7,14}")) {
            errors.add(new FieldError(name, "must be a phone number such as 020 123 4567 or +31201234567"));
            return null;
        }
        return digits;
    }

    private static String date(String name, JsonNode value, List<FieldError> errors) {
        String s = text(name, value, 10, errors);
        if (s == null) {
            return null;
        }
        try {
            if (DATE.matcher(s).matches()) {
                LocalDate.parse(s);
            } else if (YEAR_MONTH.matcher(s).matches()) {
                YearMonth.parse(s);
            } else if (!YEAR.matcher(s).matches()) {
                throw new DateTimeException(s);
            }
            return s;
        } catch (DateTimeException e) {
            errors.add(new FieldError(name, "must be a date as 2017-01-08, 2015-06 or 2015"));
            return null;
        }
    }

    private static Address address(String name, JsonNode value, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            errors.add(new FieldError(name, "must be an address object"));
            return null;
        }
        int before = errors.size();
        for (String member : value.propertyNames()) {
            if (!ADDRESS_FIELDS.contains(member)) {
                errors.add(new FieldError(name + "." + member, "is not a field of an address"));
            }
        }
        Address a = new Address();
        a.setStreet(text(name + ".street", value.get("street"), 200, errors));
        a.setHouseNumber(positive(name + ".houseNumber", value.get("houseNumber"), errors));
        String letter = text(name + ".houseLetter", value.get("houseLetter"), 1, errors);
        if (letter != null && !HOUSE_LETTER.matcher(letter).matches()) {
            errors.add(new FieldError(name + ".houseLetter", "must be one letter"));
        }
        a.setHouseLetter(letter == null ? null : letter.toUpperCase(Locale.ROOT));
        a.setHouseNumberAddition(text(name + ".houseNumberAddition", value.get("houseNumberAddition"), 10, errors));
        a.setAddition(text(name + ".addition", value.get("addition"), 200, errors));
        a.setPoBox(positive(name + ".poBox", value.get("poBox"), errors));
        a.setCity(text(name + ".city", value.get("city"), 200, errors));
        a.setStreetAndNumber(text(name + ".streetAndNumber", value.get("streetAndNumber"), 200, errors));
        a.setPostcodeAndCity(text(name + ".postcodeAndCity", value.get("postcodeAndCity"), 200, errors));
        a.setRegion(text(name + ".region", value.get("region"), 200, errors));
        a.setCountry(text(name + ".country", value.get("country"), 100, errors));
        JsonNode shielded = value.get("shielded");
        if (shielded != null && !shielded.isNull() && !shielded.isBoolean()) {
            errors.add(new FieldError(name + ".shielded", "must be true or false"));
        }
        a.setShielded(shielded != null && shielded.isBoolean() && shielded.booleanValue());
        String postcode = text(name + ".postcode", value.get("postcode"), 20, errors);
        if (postcode != null) {
            boolean dutch = a.getCountry() == null || "nederland".equalsIgnoreCase(a.getCountry())
                    || "netherlands".equalsIgnoreCase(a.getCountry());
            String normalised = postcode.replace(" ", "").toUpperCase(Locale.ROOT);
            if (dutch && (!DUTCH_POSTCODE.matcher(normalised).matches() || normalised.endsWith("SA")
                    || normalised.endsWith("SD") || normalised.endsWith("SS"))) {
                errors.add(new FieldError(name + ".postcode", "must be a Dutch postcode such as 1234AB"));
            }
            a.setPostcode(dutch ? normalised : postcode);
        }
        if (a.getStreet() == null && a.getPoBox() == null && a.getStreetAndNumber() == null
                && a.getPostcode() == null && a.getCity() == null && a.getPostcodeAndCity() == null) {
            errors.add(new FieldError(name, "needs at least a street, PO box, postcode or city"));
        }
        if (a.getStreet() != null && a.getPoBox() != null) {
            errors.add(new FieldError(name, "has either a street or a PO box, not both"));
        }
        return errors.size() == before ? a : null;
    }

    private static Integer positive(String name, JsonNode value, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() <= 0) {
            errors.add(new FieldError(name, "must be a whole number above 0"));
            return null;
        }
        return value.intValue();
    }
}
