package nl.kvksync.review.profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A validated profile, in the shape the API and the matcher share. */
record ProfileSpec(String name, String organisationType, boolean offerNewRegistrations,
        List<PostcodeRange> postcodeRanges, List<String> sbiInclude, List<String> sbiExclude, String sbiScope,
        List<String> legalForms, Integer minEmployees) {

    /** An inclusive range over the four digits of the postcode. */
    record PostcodeRange(int from, int to) {
    }

    /** The JSON body the matcher's dry run takes. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("organisationType", organisationType);
        json.put("offerNewRegistrations", offerNewRegistrations);
        json.put("postcodeRanges", postcodeRanges.stream().map(r -> {
            Map<String, Object> range = new LinkedHashMap<>();
            range.put("from", r.from());
            range.put("to", r.to());
            return range;
        }).toList());
        json.put("sbiInclude", sbiInclude);
        json.put("sbiExclude", sbiExclude);
        json.put("sbiScope", sbiScope);
        json.put("legalForms", legalForms);
        json.put("minEmployees", minEmployees);
        return json;
    }
}
