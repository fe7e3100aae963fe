package nl.kvksync.contracts;

import java.util.List;
import java.util.Optional;

import nl.kvksync.contracts.crm.DecisionFailed;
import nl.kvksync.contracts.crm.EnvironmentChanged;
import nl.kvksync.contracts.crm.OrganisationChanged;
import nl.kvksync.contracts.crm.SubscriptionChanged;
import nl.kvksync.contracts.kvk.FeedRecordRejected;
import nl.kvksync.contracts.kvk.FeedRunCompleted;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationChanged;
import nl.kvksync.contracts.matcher.ImportProgressed;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.contracts.review.ImportProfile;
import nl.kvksync.contracts.review.ImportRequested;
import nl.kvksync.contracts.review.ProposalDecided;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every topic with its key, value schema, producer, consumers and cleanup policy. Services create the
 * topics they use from here; the deployment manifests are checked against it.
 */
public final class TopicCatalogue {

    /** One topic of the platform. */
    public record TopicSpec(String name, String key, Class<? extends SpecificRecord> valueType, String producer,
            List<String> consumers, boolean compacted) {

        public Schema valueSchema() {
            try {
                return (Schema) valueType.getField("SCHEMA$").get(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("not a generated Avro class: " + valueType, e);
            }
        }

        public String valueSubject() {
            return name + "-value";
        }

        public String deadLetterTopic() {
            return Topics.dlt(name);
        }

        public String cleanupPolicy() {
            return compacted ? "compact" : "delete";
        }
    }

    public static final String INGESTOR = "kvk-feed-ingestor";
    public static final String MATCHER = "profile-matcher";
    public static final String REVIEW = "review-api";
    public static final String CRM_SYNC = "crm-sync-service";

    private static final List<TopicSpec> TOPICS = List.of(
            new TopicSpec(Topics.REGISTRATION_CHANGED, "registrationKey", RegistrationChanged.class, INGESTOR,
                    List.of(MATCHER), false),
            new TopicSpec(Topics.REGISTRATIONS, "registrationKey", Registration.class, INGESTOR,
                    List.of(MATCHER, INGESTOR), true),
            new TopicSpec(Topics.FEED_REJECTED, "feedId:line", FeedRecordRejected.class, INGESTOR,
                    List.of(REVIEW), false),
            new TopicSpec(Topics.FEED_RUNS, "feedId", FeedRunCompleted.class, INGESTOR, List.of(REVIEW), true),
            new TopicSpec(Topics.SUBSCRIPTIONS, "environmentId:organisationId", SubscriptionChanged.class, CRM_SYNC,
                    List.of(MATCHER), true),
            new TopicSpec(Topics.ENVIRONMENTS, "environmentId", EnvironmentChanged.class, CRM_SYNC,
                    List.of(MATCHER, REVIEW), true),
            new TopicSpec(Topics.ORGANISATION_CHANGED, "environmentId:organisationId", OrganisationChanged.class,
                    CRM_SYNC, List.of(REVIEW), false),
            new TopicSpec(Topics.DECISION_FAILED, "environmentId:registrationKey", DecisionFailed.class, CRM_SYNC,
                    List.of(REVIEW), false),
            new TopicSpec(Topics.PROFILES, "environmentId:profileId", ImportProfile.class, REVIEW, List.of(MATCHER),
                    true),
            new TopicSpec(Topics.IMPORT_REQUESTED, "environmentId:profileId", ImportRequested.class, REVIEW,
                    List.of(MATCHER), false),
            new TopicSpec(Topics.PROPOSAL_RAISED, "environmentId:registrationKey", ProposalRaised.class, MATCHER,
                    List.of(REVIEW), false),
            new TopicSpec(Topics.IMPORT_PROGRESSED, "environmentId:importId", ImportProgressed.class, MATCHER,
                    List.of(REVIEW), false),
            new TopicSpec(Topics.PROPOSAL_DECIDED, "environmentId:registrationKey", ProposalDecided.class, REVIEW,
                    List.of(CRM_SYNC), false));

    private TopicCatalogue() {
    }

    public static List<TopicSpec> all() {
        return TOPICS;
    }

    public static Optional<TopicSpec> find(String topic) {
        return TOPICS.stream().filter(t -> t.name().equals(topic)).findFirst();
    }

    public static TopicSpec get(String topic) {
        return find(topic).orElseThrow(() -> new IllegalArgumentException("unknown topic " + topic));
    }

    /** The topics a service produces to or consumes from. */
    public static List<TopicSpec> usedBy(String service) {
        return TOPICS.stream().filter(t -> t.producer().equals(service) || t.consumers().contains(service)).toList();
    }
}
