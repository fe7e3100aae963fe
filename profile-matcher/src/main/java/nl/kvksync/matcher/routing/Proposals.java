package nl.kvksync.matcher.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import nl.kvksync.contracts.crm.SubscriptionChanged;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationChanged;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.contracts.matcher.ProposalReason;
import nl.kvksync.contracts.matcher.ReasonKind;
import nl.kvksync.contracts.review.ImportRequested;
import nl.kvksync.matcher.profile.CompiledProfile;

/**
 * Builds every proposal the matcher raises, each explaining itself: the subscription it came from, or per
 * matching profile the postcode range and the SBI rule. Ids come from {@link ProposalIds}; {@code occurredAt}
 * is the time of the event that caused the proposal, so a replay yields an identical proposal.
 */
public final class Proposals {

    /** A profile that matched a registration, with why. */
    public record ProfileMatch(CompiledProfile profile, CompiledProfile.Explanation explanation) {
    }

    private Proposals() {
    }

    /** UPDATE (the registration changed) or ENDED (it ended) for one subscribed organisation. */
    public static ProposalRaised forSubscriber(RegistrationChanged change, Subscribers.Subscriber subscriber,
            ProposalKind kind) {
        String env = subscriber.environmentId();
        String id = ProposalIds.of(env, change.getRegistrationKey(), ProposalIds.feed(change.getFeedId()), kind,
                subscriber.organisationId());
        String what = kind == ProposalKind.ENDED
                ? "ended" + (change.getRegistration().getEndReason() == null ? ""
                        : " (" + change.getRegistration().getEndReason() + ")")
                : "changed " + (change.getChangedFields().isEmpty() ? "fields"
                        : String.join(", ", change.getChangedFields()));
        ProposalReason reason = ProposalReason.newBuilder().setKind(ReasonKind.SUBSCRIPTION)
                .setOrganisationId(subscriber.organisationId())
                .setDetail("Organisation " + subscriber.organisationId() + " follows registration "
                        + change.getRegistrationKey() + " (subscribed: " + subscriber.origin() + "); feed "
                        + change.getFeedId() + " says it " + what + ".")
                .build();
        return base(change, env, id, kind).setOrganisationId(subscriber.organisationId()).setReasons(List.of(reason))
                .build();
    }

    /** NEW for one environment, listing every profile of that environment that matched. */
    public static ProposalRaised forNewRegistration(RegistrationChanged change, String environmentId,
            List<ProfileMatch> matches) {
        String id = ProposalIds.of(environmentId, change.getRegistrationKey(), ProposalIds.feed(change.getFeedId()),
                ProposalKind.NEW, null);
        List<ProposalReason> reasons = new ArrayList<>();
        List<String> profileIds = new ArrayList<>();
        for (ProfileMatch m : matches) {
            reasons.add(profileReason(ReasonKind.PROFILE, m, "New registration " + change.getRegistrationKey()
                    + " matches profile '" + m.profile().spec().name() + "'"));
            profileIds.add(m.profile().profileId());
        }
        return base(change, environmentId, id, ProposalKind.NEW).setReasons(reasons).setProfileIds(profileIds)
                .setOrganisationType(matches.get(0).profile().spec().organisationType()).build();
    }

    /** UPDATE for an organisation just linked to a registration: bring its fields in line with the register. */
    public static ProposalRaised forLink(SubscriptionChanged subscription, Registration registration,
            long occurredAt) {
        String env = subscription.getEnvironmentId();
        String id = ProposalIds.of(env, registration.getRegistrationKey(),
                ProposalIds.subscription(subscription.getVersion()), ProposalKind.UPDATE,
                subscription.getOrganisationId());
        ProposalReason reason = ProposalReason.newBuilder().setKind(ReasonKind.LINK)
                .setOrganisationId(subscription.getOrganisationId())
                .setDetail("Organisation " + subscription.getOrganisationId() + " was linked to registration "
                        + registration.getRegistrationKey() + " (version " + subscription.getVersion()
                        + "): take over what the register says.")
                .build();
        return ProposalRaised.newBuilder().setEventId(id).setOccurredAt(java.time.Instant.ofEpochMilli(occurredAt))
                .setProposalId(id).setEnvironmentId(env).setRegistrationKey(registration.getRegistrationKey())
                .setKind(ProposalKind.UPDATE).setOrganisationId(subscription.getOrganisationId())
                .setChangedFields(presentFields(registration)).setPrevious(null).setRegistration(registration)
                .setReasons(List.of(reason)).setSourceEventId(subscription.getEventId()).build();
    }

    /** NEW from a profile import. */
    public static ProposalRaised forImport(ImportRequested request, Registration registration, ProfileMatch match) {
        String env = request.getEnvironmentId();
        String id = ProposalIds.of(env, registration.getRegistrationKey(),
                ProposalIds.importOrigin(request.getImportId()), ProposalKind.NEW, null);
        ProposalReason reason = profileReason(ReasonKind.IMPORT, match, "Import " + request.getImportId()
                + " of profile '" + request.getProfile().getName() + "' selected " + registration.getRegistrationKey());
        return ProposalRaised.newBuilder().setEventId(id).setOccurredAt(request.getOccurredAt()).setProposalId(id)
                .setEnvironmentId(env).setRegistrationKey(registration.getRegistrationKey()).setKind(ProposalKind.NEW)
                .setChangedFields(presentFields(registration)).setPrevious(null).setRegistration(registration)
                .setReasons(List.of(reason)).setProfileIds(List.of(request.getProfileId()))
                .setOrganisationType(request.getProfile().getOrganisationType()).setImportId(request.getImportId())
                .setSourceEventId(request.getEventId()).build();
    }

    private static ProposalReason profileReason(ReasonKind kind, ProfileMatch m, String lead) {
        CompiledProfile.Explanation e = m.explanation();
        return ProposalReason.newBuilder().setKind(kind).setProfileId(m.profile().profileId())
                .setProfileName(m.profile().spec().name()).setPostcodeRange(e.postcodeRange()).setSbiRule(e.sbiRule())
                .setDetail(lead + ": postcode " + e.postcodeRange() + ", SBI " + e.sbiRule() + ".").build();
    }

    private static ProposalRaised.Builder base(RegistrationChanged change, String env, String id, ProposalKind kind) {
        return ProposalRaised.newBuilder().setEventId(id).setOccurredAt(change.getOccurredAt()).setProposalId(id)
                .setEnvironmentId(env).setRegistrationKey(change.getRegistrationKey()).setKind(kind)
                .setChangedFields(change.getChangedFields()).setPrevious(change.getPrevious())
                .setRegistration(change.getRegistration()).setFeedId(change.getFeedId())
                .setSourceEventId(change.getEventId()).setEffectiveDate(change.getEffectiveDate());
    }

    /** The Registration fields a snapshot has a value for: what a LINK or NEW proposal brings in. */
    static List<String> presentFields(Registration r) {
        List<String> fields = new ArrayList<>();
        for (org.apache.avro.Schema.Field f : Registration.getClassSchema().getFields()) {
            Object v = r.get(f.pos());
            if (v != null && !(v instanceof java.util.Collection<?> c && c.isEmpty())
                    && !(v instanceof Map<?, ?> m && m.isEmpty())) {
                fields.add(f.name());
            }
        }
        return fields;
    }
}
