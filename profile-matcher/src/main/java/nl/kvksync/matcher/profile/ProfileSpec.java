package nl.kvksync.matcher.profile;

import java.util.List;

import nl.kvksync.contracts.review.ImportProfile;
import nl.kvksync.contracts.review.PostcodeRange;

/**
 * A profile's selection rules as plain values, whether they came from {@code review.profiles.v1}, an import
 * request or a dry-run body. Strings where the wire may carry nonsense, so {@link ProfileValidator} can name it.
 */
public record ProfileSpec(String name, String organisationType, boolean offerNewRegistrations,
        List<Range> postcodeRanges, List<String> sbiInclude, List<String> sbiExclude, String sbiScope,
        List<String> legalForms, Integer minEmployees) {

    /** An inclusive range over the four postcode digits; null where the body had no number. */
    public record Range(Integer from, Integer to) {

        @Override
        public String toString() {
            return from + "-" + to;
        }
    }

    public ProfileSpec {
        postcodeRanges = postcodeRanges == null ? List.of() : postcodeRanges;
        sbiInclude = sbiInclude == null ? List.of() : sbiInclude;
        sbiExclude = sbiExclude == null ? List.of() : sbiExclude;
        legalForms = legalForms == null ? List.of() : legalForms;
    }

    public static ProfileSpec of(ImportProfile p) {
        return new ProfileSpec(p.getName(), p.getOrganisationType(), p.getOfferNewRegistrations(),
                p.getPostcodeRanges().stream().map(ProfileSpec::range).toList(), p.getSbiInclude(),
                p.getSbiExclude(), p.getSbiScope() == null ? null : p.getSbiScope().name(),
                p.getLegalForms().stream().map(Enum::name).toList(), p.getMinEmployees());
    }

    private static Range range(PostcodeRange r) {
        return new Range(r.getFrom(), r.getTo());
    }
}
