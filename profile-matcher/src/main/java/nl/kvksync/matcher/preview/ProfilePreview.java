package nl.kvksync.matcher.preview;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import nl.kvksync.contracts.OrganisationFields;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.SbiActivity;
import nl.kvksync.matcher.profile.CompiledProfile;
import nl.kvksync.matcher.profile.ProfileSpec;
import nl.kvksync.matcher.register.RegisterIndex;
import nl.kvksync.matcher.register.RegistrationKeys;
import nl.kvksync.matcher.register.SubscribedView;

/**
 * The dry run itself, without Spring: compiles the profile (throwing {@code InvalidProfileException} naming the
 * fields), scans the in-heap index, and fills the sample from the on-disk register where it can.
 */
public final class ProfilePreview {

    private final RegisterIndex index;
    private final SubscribedView subscribed;
    private final Function<String, Optional<Registration>> snapshots;
    private final PreviewProperties properties;

    public ProfilePreview(RegisterIndex index, SubscribedView subscribed,
            Function<String, Optional<Registration>> snapshots, PreviewProperties properties) {
        this.index = index;
        this.subscribed = subscribed;
        this.snapshots = snapshots;
        this.properties = properties;
    }

    public PreviewResult preview(String environmentId, ProfileSpec spec) {
        CompiledProfile profile = CompiledProfile.compile(environmentId, "preview", spec);
        RegisterIndex.Selection s = index.preview(profile, subscribed.keys(environmentId), properties.sampleSize());
        List<PreviewResult.Sample> sample = new ArrayList<>(s.sample().size());
        for (String key : s.sample()) {
            boolean followed = subscribed.contains(environmentId, RegistrationKeys.encode(key));
            sample.add(snapshots.apply(key).map(r -> sample(r, followed))
                    .orElseGet(() -> new PreviewResult.Sample(key, null, null, null, null, null, null, null, null,
                            null, followed)));
        }
        return new PreviewResult(s.selected(), s.alreadySubscribed(), s.selected() - s.alreadySubscribed(), sample,
                s.bySbiSection(), s.byPostcodeRegion(),
                new PreviewResult.Band(properties.bandMin(), properties.bandMax()),
                s.selected() >= properties.bandMin() && s.selected() <= properties.bandMax(), index.size());
    }

    private static PreviewResult.Sample sample(Registration r, boolean followed) {
        SbiActivity primary = OrganisationFields.primarySbi(r);
        var address = r.getVisitingAddress() != null ? r.getVisitingAddress() : r.getPostalAddress();
        return new PreviewResult.Sample(r.getRegistrationKey(), r.getKvkNummer(), r.getVestigingsnummer(),
                r.getTradeName(), address == null ? null : address.getPostcode(),
                address == null ? null : address.getCity(), primary == null ? null : primary.getCode(),
                primary == null ? null : primary.getDescription(),
                r.getLegalForm() == null ? null : r.getLegalForm().name(), r.getEmployees(), followed);
    }
}
