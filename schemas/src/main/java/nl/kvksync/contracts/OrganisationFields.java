package nl.kvksync.contracts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.SbiActivity;

/**
 * The synced fields of a CRM organisation, by the names used in {@code FieldChange.field},
 * {@code FieldProvenance} keys and {@code ProposalDecided.acceptedFields}, and their display form, so that
 * review-api's diff and crm-sync's apply speak of the same values.
 */
public final class OrganisationFields {

    public static final String TRADE_NAME = "tradeName";
    public static final String STATUTORY_NAME = "statutoryName";
    public static final String WEBSITE = "website";
    public static final String PHONE = "phone";
    public static final String VISITING_ADDRESS = "visitingAddress";
    public static final String POSTAL_ADDRESS = "postalAddress";
    public static final String SBI_CODE = "sbiCode";
    public static final String SBI_DESCRIPTION = "sbiDescription";
    public static final String EMPLOYEES = "employees";
    public static final String KVK_NUMMER = "kvkNummer";
    public static final String VESTIGINGSNUMMER = "vestigingsnummer";
    public static final String FOUNDING_DATE = "foundingDate";
    public static final String RSIN = "rsin";
    public static final String LEGAL_FORM = "legalForm";

    /** Every synced field, in the order a diff shows them. */
    public static final List<String> ALL = List.of(TRADE_NAME, STATUTORY_NAME, WEBSITE, PHONE, VISITING_ADDRESS,
            POSTAL_ADDRESS, SBI_CODE, SBI_DESCRIPTION, EMPLOYEES, KVK_NUMMER, VESTIGINGSNUMMER, FOUNDING_DATE, RSIN,
            LEGAL_FORM);

    private OrganisationFields() {
    }

    public static boolean isKnown(String field) {
        return ALL.contains(field);
    }

    /** The display value of every synced field as KvK has it in this registration (null where KvK has none). */
    public static Map<String, String> of(Registration r) {
        Map<String, String> values = new LinkedHashMap<>();
        SbiActivity primary = primarySbi(r);
        values.put(TRADE_NAME, r.getTradeName());
        values.put(STATUTORY_NAME, r.getStatutoryName());
        values.put(WEBSITE, r.getWebsite());
        values.put(PHONE, r.getPhone());
        values.put(VISITING_ADDRESS, display(r.getVisitingAddress()));
        values.put(POSTAL_ADDRESS, display(r.getPostalAddress()));
        values.put(SBI_CODE, primary == null ? null : primary.getCode());
        values.put(SBI_DESCRIPTION, primary == null ? null : primary.getDescription());
        values.put(EMPLOYEES, r.getEmployees() == null ? null : r.getEmployees().toString());
        values.put(KVK_NUMMER, r.getKvkNummer());
        values.put(VESTIGINGSNUMMER, r.getVestigingsnummer());
        values.put(FOUNDING_DATE, r.getFoundingDate());
        values.put(RSIN, r.getRsin());
        values.put(LEGAL_FORM, legalForm(r.getLegalFormText(), r.getLegalForm()));
        return values;
    }

    /** The display value of every synced field of a CRM organisation. */
    public static Map<String, String> of(Organisation o) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(TRADE_NAME, o.getTradeName());
        values.put(STATUTORY_NAME, o.getStatutoryName());
        values.put(WEBSITE, o.getWebsite());
        values.put(PHONE, o.getPhone());
        values.put(VISITING_ADDRESS, display(o.getVisitingAddress()));
        values.put(POSTAL_ADDRESS, display(o.getPostalAddress()));
        values.put(SBI_CODE, o.getSbiCode());
        values.put(SBI_DESCRIPTION, o.getSbiDescription());
        values.put(EMPLOYEES, o.getEmployees() == null ? null : o.getEmployees().toString());
        values.put(KVK_NUMMER, o.getKvkNummer());
        values.put(VESTIGINGSNUMMER, o.getVestigingsnummer());
        values.put(FOUNDING_DATE, o.getFoundingDate());
        values.put(RSIN, o.getRsin());
        values.put(LEGAL_FORM, legalForm(o.getLegalFormText(), o.getLegalForm()));
        return values;
    }

    /** The primary SBI activity: the one flagged primary, else the first. */
    public static SbiActivity primarySbi(Registration r) {
        List<SbiActivity> activities = r.getSbiActivities();
        if (activities == null || activities.isEmpty()) {
            return null;
        }
        return activities.stream().filter(SbiActivity::getPrimary).findFirst().orElse(activities.get(0));
    }

    /** One line: "Abebe Bikilalaan 17M, 1034WL Amsterdam", "Postbus 123, 1000AA Amsterdam", or the foreign lines. */
    public static String display(Address a) {
        if (a == null) {
            return null;
        }
        StringJoiner line = new StringJoiner(", ");
        if (a.getStreet() != null) {
            StringBuilder street = new StringBuilder(a.getStreet());
            if (a.getHouseNumber() != null) {
                street.append(' ').append(a.getHouseNumber());
                if (a.getHouseLetter() != null) {
                    street.append(a.getHouseLetter());
                }
                if (a.getHouseNumberAddition() != null) {
                    street.append('-').append(a.getHouseNumberAddition());
                }
            }
            if (a.getAddition() != null) {
                street.append(' ').append(a.getAddition());
            }
            line.add(street);
        } else if (a.getPoBox() != null) {
            line.add("Postbus " + a.getPoBox());
        } else if (a.getStreetAndNumber() != null) {
            line.add(a.getStreetAndNumber());
        }
        if (a.getPostcode() != null || a.getCity() != null) {
            line.add(join(a.getPostcode(), a.getCity()));
        } else if (a.getPostcodeAndCity() != null) {
            line.add(a.getPostcodeAndCity());
        }
        if (a.getRegion() != null) {
            line.add(a.getRegion());
        }
        if (a.getCountry() != null && !"Nederland".equalsIgnoreCase(a.getCountry())) {
            line.add(a.getCountry());
        }
        String s = line.toString();
        return s.isEmpty() ? null : s;
    }

    private static String legalForm(String text, Enum<?> form) {
        if (text != null) {
            return text;
        }
        return form == null ? null : form.name();
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + " " + b;
    }
}
