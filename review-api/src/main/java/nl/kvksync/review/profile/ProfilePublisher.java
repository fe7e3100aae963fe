package nl.kvksync.review.profile;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.kvk.LegalForm;
import nl.kvksync.contracts.review.ImportProfile;
import nl.kvksync.contracts.review.ImportRequested;
import nl.kvksync.contracts.review.PostcodeRange;
import nl.kvksync.contracts.review.SbiScope;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes review.profiles.v1 (compacted; key environmentId:profileId; deleted=true for a removed profile) and
 * review.import-requested.v1 (key environmentId:profileId). Event ids are deterministic (profile version, import id),
 * so a republished profile or import request is recognisable downstream. Waits for the broker's acknowledgement and
 * throws when it does not come: the caller reports the failure and the profile stays unpublished for the retry.
 */
@Component
class ProfilePublisher {

    private final KafkaTemplate<String, Object> kafka;

    ProfilePublisher(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    static ImportProfile toAvro(ProfileStore.StoredProfile p) {
        ProfileSpec s = p.spec();
        return ImportProfile.newBuilder().setEventId(p.environmentId() + ":" + p.profileId() + ":" + p.version())
                .setOccurredAt(Instant.ofEpochMilli(p.updatedAt())).setEnvironmentId(p.environmentId())
                .setProfileId(p.profileId()).setName(s.name()).setOrganisationType(s.organisationType())
                .setOfferNewRegistrations(s.offerNewRegistrations())
                .setPostcodeRanges(s.postcodeRanges().stream().map(r -> new PostcodeRange(r.from(), r.to())).toList())
                .setSbiInclude(s.sbiInclude()).setSbiExclude(s.sbiExclude()).setSbiScope(SbiScope.valueOf(s.sbiScope()))
                .setLegalForms(s.legalForms().stream().map(LegalForm::valueOf).toList())
                .setMinEmployees(s.minEmployees()).setDeleted(p.deleted()).setVersion(p.version()).build();
    }

    void publish(ProfileStore.StoredProfile p) {
        send(Topics.PROFILES, Topics.tenantKey(p.environmentId(), p.profileId()), toAvro(p));
    }

    void requestImport(ImportRequested request) {
        send(Topics.IMPORT_REQUESTED, Topics.tenantKey(request.getEnvironmentId(), request.getProfileId()), request);
    }

    private void send(String topic, String key, Object value) {
        try {
            kafka.send(topic, key, value).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted publishing to " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic + ": " + e.getMessage(), e);
        }
    }
}
