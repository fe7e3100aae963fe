package nl.kvksync.review.profile;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** The JSON shapes of the profile and import API. */
final class ProfileViews {

    private ProfileViews() {
    }

    @Schema(description = "An import profile")
    record Profile(String profileId, String name, String organisationType, boolean offerNewRegistrations,
            List<ProfileSpec.PostcodeRange> postcodeRanges, List<String> sbiInclude, List<String> sbiExclude,
            String sbiScope, List<String> legalForms, Integer minEmployees, long version, boolean published,
            String updatedBy, Instant updatedAt) {

        static Profile of(ProfileStore.StoredProfile p) {
            ProfileSpec s = p.spec();
            return new Profile(p.profileId(), s.name(), s.organisationType(), s.offerNewRegistrations(),
                    s.postcodeRanges(), s.sbiInclude(), s.sbiExclude(), s.sbiScope(), s.legalForms(),
                    s.minEmployees(), p.version(), p.publishedVersion() >= p.version(), p.updatedBy(),
                    Instant.ofEpochMilli(p.updatedAt()));
        }
    }

    @Schema(description = "An import and its progress (status REQUESTED, STARTED, RUNNING, COMPLETED, REFUSED, FAILED)")
    record Import(String importId, String profileId, String profileName, long profileVersion, String status,
            long selected, long alreadySubscribed, long emitted, long total, long bandMin, long bandMax,
            String requestedBy, Instant requestedAt, Instant updatedAt, String detail) {

        static Import of(ImportStore.ImportRecord r) {
            return new Import(r.importId(), r.profileId(), r.profileName(), r.profileVersion(), r.status(),
                    r.selected(), r.alreadySubscribed(), r.emitted(), r.total(), r.bandMin(), r.bandMax(),
                    r.requestedBy(), Instant.ofEpochMilli(r.requestedAt()),
                    r.updatedAt() == null ? null : Instant.ofEpochMilli(r.updatedAt()), r.detail());
        }
    }
}
