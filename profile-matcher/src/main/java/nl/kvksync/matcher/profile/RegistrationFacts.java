package nl.kvksync.matcher.profile;

import java.util.List;

import nl.kvksync.contracts.OrganisationFields;
import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.SbiActivity;

/**
 * What a profile looks at in a registration, as small numbers: the four postcode digits (0 when the registration
 * has no Dutch postcode), the primary SBI code and the others as {@link SbiCodes} ids (-1: none), the legal form
 * (ordinal + 1, 0: none), the number of employees (-1: unknown) and the section letter of the primary code.
 * The postcode is the visiting address's, else the postal address's.
 */
public record RegistrationFacts(int postcode, int primaryCode, int[] otherCodes, int legalForm, int employees,
        char section) {

    public static final int NO_CODE = -1;

    public static RegistrationFacts of(Registration r) {
        SbiCodes sbi = SbiCodes.get();
        SbiActivity primary = OrganisationFields.primarySbi(r);
        List<SbiActivity> activities = r.getSbiActivities();
        int[] others = new int[activities == null || primary == null ? 0 : activities.size() - 1];
        int n = 0;
        if (primary != null) {
            for (SbiActivity a : activities) {
                if (a != primary && n < others.length) {
                    others[n++] = sbi.id(a.getCode());
                }
            }
        }
        if (n < others.length) {
            others = java.util.Arrays.copyOf(others, n);
        }
        return new RegistrationFacts(postcode(r), primary == null ? NO_CODE : sbi.id(primary.getCode()), others,
                r.getLegalForm() == null ? 0 : r.getLegalForm().ordinal() + 1,
                r.getEmployees() == null ? -1 : r.getEmployees(),
                primary == null ? '?' : sbi.section(primary.getCode(), primary.getVersion()));
    }

    static int postcode(Registration r) {
        int pc = postcode(r.getVisitingAddress());
        return pc != 0 ? pc : postcode(r.getPostalAddress());
    }

    /** The four digits of a Dutch postcode (1000-9999), 0 when there is none. */
    public static int postcode(Address a) {
        if (a == null || a.getPostcode() == null) {
            return 0;
        }
        String pc = a.getPostcode();
        if (pc.length() < 4) {
            return 0;
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            char c = pc.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            value = value * 10 + (c - '0');
        }
        return value >= 1000 ? value : 0;
    }
}
