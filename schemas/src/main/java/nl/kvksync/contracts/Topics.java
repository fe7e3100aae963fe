package nl.kvksync.contracts;

/**
 * The names of every topic of the platform. The catalogue with keys, schemas, producers and consumers is
 * {@link TopicCatalogue}; the README's topic table is generated from the same facts.
 */
public final class Topics {

    /** A real change of a registration (event). Key: registrationKey. Value: RegistrationChanged. */
    public static final String REGISTRATION_CHANGED = "kvk.registration-changed.v1";
    /** The latest snapshot of every registration (compacted). Key: registrationKey. Value: Registration. */
    public static final String REGISTRATIONS = "kvk.registrations.v1";
    /** Feed records refused by the ingestor (event). Key: feedId:line. Value: FeedRecordRejected. */
    public static final String FEED_REJECTED = "kvk.feed-rejected.v1";
    /** Reports of finished feed runs (compacted). Key: feedId. Value: FeedRunCompleted. */
    public static final String FEED_RUNS = "kvk.feed-runs.v1";
    /** Subscriptions of organisations to registrations (compacted). Key: environmentId:organisationId. */
    public static final String SUBSCRIPTIONS = "crm.subscriptions.v1";
    /** Environments and their modules (compacted). Key: environmentId. */
    public static final String ENVIRONMENTS = "crm.environments.v1";
    /** Public event: an organisation changed. Key: environmentId:organisationId. */
    public static final String ORGANISATION_CHANGED = "crm.organisation-changed.v1";
    /** A decision crm-sync could not apply (event). Key: environmentId:registrationKey. */
    public static final String DECISION_FAILED = "crm.decision-failed.v1";
    /** Import profiles (compacted). Key: environmentId:profileId. */
    public static final String PROFILES = "review.profiles.v1";
    /** Command: import a profile's selection. Key: environmentId:profileId. */
    public static final String IMPORT_REQUESTED = "review.import-requested.v1";
    /** Proposals for the review queue (event). Key: environmentId:registrationKey. */
    public static final String PROPOSAL_RAISED = "matcher.proposal-raised.v1";
    /** Progress and outcome of imports (event). Key: environmentId:importId. */
    public static final String IMPORT_PROGRESSED = "matcher.import-progressed.v1";
    /** Admin decisions on proposals (event). Key: environmentId:registrationKey. */
    public static final String PROPOSAL_DECIDED = "review.proposal-decided.v1";

    /** Suffix of a topic's dead-letter topic, as spring-kafka's DeadLetterPublishingRecoverer names it. */
    public static final String DLT_SUFFIX = "-dlt";

    private Topics() {
    }

    public static String dlt(String topic) {
        return topic + DLT_SUFFIX;
    }

    /** Record key of tenant-scoped topics: all events of one organisation or registration stay on one partition. */
    public static String tenantKey(String environmentId, String id) {
        return environmentId + ":" + id;
    }
}
