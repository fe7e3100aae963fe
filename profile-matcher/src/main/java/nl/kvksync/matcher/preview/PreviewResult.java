package nl.kvksync.matcher.preview;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer of a dry run. */
@Schema(description = "What a profile selects out of the whole register")
public record PreviewResult(
        @Schema(description = "active registrations the profile selects") long selected,
        @Schema(description = "of those, registrations an organisation of this environment already follows")
        long alreadySubscribed,
        @Schema(description = "NEW proposals an import would raise: selected - alreadySubscribed") long wouldImport,
        @Schema(description = "the first registrations of the selection") List<Sample> sample,
        @Schema(description = "selected registrations by section letter of their primary SBI code (in that code's"
                + " SBI version); ? where no list places the code") Map<String, Long> bySbiSection,
        @Schema(description = "selected registrations by the first two postcode digits; none: no Dutch postcode")
        Map<String, Long> byPostcodeRegion,
        Band band,
        @Schema(description = "band.min <= selected <= band.max: an import would be accepted") boolean withinBand,
        @Schema(description = "active registrations in the register index") long registerSize) {

    /** The band an import must land in. */
    public record Band(long min, long max) {
    }

    /** One registration of the sample; fields beyond the key come from the on-disk register when it can answer. */
    public record Sample(String registrationKey, String kvkNummer, String vestigingsnummer, String tradeName,
            String postcode, String city, String sbiCode, String sbiDescription, String legalForm, Integer employees,
            boolean alreadySubscribed) {
    }
}
