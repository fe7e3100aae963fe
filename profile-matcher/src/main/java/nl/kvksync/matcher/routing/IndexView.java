package nl.kvksync.matcher.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.LegalForm;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.contracts.kvk.SbiActivity;
import nl.kvksync.contracts.kvk.SbiVersion;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The fields of a {@link Registration} the register index and the profiles read (status, the two postcodes, the SBI
 * activities' code, primary flag and version, legal form, employees), decoded from Avro binary without the rest: a
 * reader schema with the same names and fewer fields lets Avro skip everything else (no strings built for names,
 * streets, websites). The result is a Registration with only those fields set, every other one null.
 */
final class IndexView {

    /** {@link Registration} reduced to the index's fields, as a reader schema. */
    static final Schema REGISTRATION = keep(Registration.SCHEMA$, Map.of(
            Address.SCHEMA$.getFullName(), keep(Address.SCHEMA$, Map.of(), "postcode"),
            SbiActivity.SCHEMA$.getFullName(), keep(SbiActivity.SCHEMA$, Map.of(), "code", "primary", "version")),
            "status", "visitingAddress", "postalAddress", "sbiActivities", "employees", "legalForm");

    private IndexView() {
    }

    /** A Registration with the index's fields of {@code g} (read with {@link #REGISTRATION}). */
    static Registration of(GenericRecord g) {
        Registration r = new Registration();
        r.setStatus(RegistrationStatus.valueOf(g.get("status").toString()));
        r.setVisitingAddress(address(g.get("visitingAddress")));
        r.setPostalAddress(address(g.get("postalAddress")));
        List<?> activities = (List<?>) g.get("sbiActivities");
        List<SbiActivity> sbi = new ArrayList<>(activities.size());
        for (Object o : activities) {
            GenericRecord a = (GenericRecord) o;
            SbiActivity activity = new SbiActivity();
            activity.setCode(a.get("code").toString());
            activity.setPrimary((Boolean) a.get("primary"));
            activity.setVersion(SbiVersion.valueOf(a.get("version").toString()));
            sbi.add(activity);
        }
        r.setSbiActivities(sbi);
        r.setEmployees((Integer) g.get("employees"));
        Object legalForm = g.get("legalForm");
        r.setLegalForm(legalForm == null ? null : LegalForm.valueOf(legalForm.toString()));
        return r;
    }

    private static Address address(Object value) {
        if (value == null) {
            return null;
        }
        Object postcode = ((GenericRecord) value).get("postcode");
        Address a = new Address();
        a.setPostcode(postcode == null ? null : postcode.toString());
        return a;
    }

    /** {@code record} with only the named fields, its nested records replaced by {@code reduced} (by full name). */
    static Schema keep(Schema record, Map<String, Schema> reduced, String... names) {
        List<Schema.Field> fields = new ArrayList<>();
        for (String name : names) {
            Schema.Field f = record.getField(name);
            fields.add(new Schema.Field(f, replace(f.schema(), reduced)));
        }
        return Schema.createRecord(record.getName(), null, record.getNamespace(), false, fields);
    }

    private static Schema replace(Schema type, Map<String, Schema> reduced) {
        return switch (type.getType()) {
            case UNION -> Schema.createUnion(type.getTypes().stream().map(t -> replace(t, reduced)).toList());
            case ARRAY -> Schema.createArray(replace(type.getElementType(), reduced));
            case RECORD -> reduced.getOrDefault(type.getFullName(), type);
            default -> type;
        };
    }
}
