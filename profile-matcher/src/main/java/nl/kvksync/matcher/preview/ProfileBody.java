package nl.kvksync.matcher.preview;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import nl.kvksync.matcher.profile.ProfileSpec;

/** A profile as review-api and the admin send it (the {@code ImportProfile} record's fields). */
@Schema(description = "An import profile: which registrations it selects")
public record ProfileBody(
        @Schema(example = "Sport in Eindhoven") String name,
        @Schema(example = "prospect") String organisationType,
        Boolean offerNewRegistrations,
        @Schema(description = "inclusive ranges over the four postcode digits; empty: the whole country")
        List<Range> postcodeRanges,
        @Schema(description = "SBI code prefixes (2-5 digits); 93 covers 9311 and 93122", example = "[\"93\"]")
        List<String> sbiInclude,
        @Schema(description = "SBI code prefixes; exclude wins over include", example = "[\"9312\"]")
        List<String> sbiExclude,
        @Schema(allowableValues = {"PRIMARY", "ANY"}, defaultValue = "PRIMARY") String sbiScope,
        @Schema(description = "LegalForm symbols (BV, NV, EENMANSZAAK, ...); empty: any") List<String> legalForms,
        Integer minEmployees) {

    /** {@code {from, to}} over the four postcode digits. */
    public record Range(@Schema(example = "5200") Integer from, @Schema(example = "5500") Integer to) {
    }

    ProfileSpec toSpec() {
        return new ProfileSpec(name, organisationType, Boolean.TRUE.equals(offerNewRegistrations),
                postcodeRanges == null ? null
                        : postcodeRanges.stream()
                                .map(r -> r == null ? null : new ProfileSpec.Range(r.from(), r.to())).toList(),
                sbiInclude, sbiExclude, sbiScope, legalForms, minEmployees);
    }
}
