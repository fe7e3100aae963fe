package nl.kvksync.crmsync.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.ChangeSource;
import nl.kvksync.contracts.crm.DecisionFailed;
import nl.kvksync.contracts.crm.FailureReason;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.crm.OrganisationChangeKind;
import nl.kvksync.contracts.crm.OrganisationChanged;
import nl.kvksync.contracts.crm.SubscriptionChanged;
import nl.kvksync.contracts.crm.SubscriptionOrigin;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.review.ProposalDecided;
import nl.kvksync.crmsync.environment.Environments;
import nl.kvksync.crmsync.organisation.OrganisationDocument;
import nl.kvksync.crmsync.organisation.OrganisationStore;
import nl.kvksync.crmsync.outbox.Outbox;
import nl.kvksync.crmsync.outbox.OutboxSweeper;
import nl.kvksync.crmsync.support.CrmSyncIT;
import nl.kvksync.crmsync.support.Decisions;
import nl.kvksync.crmsync.support.Registrations;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import reactor.core.publisher.Mono;

class DecisionApplyIT extends CrmSyncIT {

    @Autowired
    OrganisationStore store;
    @Autowired
    Environments environments;
    @Autowired
    Outbox outbox;
    @Autowired
    OutboxSweeper sweeper;
    @Autowired
    DecisionMetrics metrics;
    @Autowired
    Clock clock;
    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    KafkaListenerEndpointRegistry listeners;

    final Registration dagobert = Registrations.dagobert().build();

    @Test
    void appliesNewUpdateEndedAndTheirUndosAndPublishesEachWithItsDecision() {
        String env = environment(true, true, "customer", "prospect");
        ProposalDecided accepted = Decisions.acceptNew(env, dagobert, "customer");
        send(accepted);
        OrganisationChanged created = changedBy(accepted);
        String id = created.getOrganisationId();
        assertThat(created.getKind()).isEqualTo(OrganisationChangeKind.CREATED);
        assertThat(created.getProposalId()).isEqualTo(accepted.getProposalId());
        assertThat(created.getSource()).isEqualTo(ChangeSource.KVK);
        SubscriptionChanged subscribed = events().awaitOne(Topics.SUBSCRIPTIONS, SubscriptionChanged.class,
                s -> s.getOrganisationId().equals(id));
        assertThat(subscribed.getOrigin()).isEqualTo(SubscriptionOrigin.PROPOSAL);
        assertThat(subscribed.getActive()).isTrue();
        organisation(env, id).jsonPath("$.tradeName").isEqualTo("Test EMZ Dagobert")
                .jsonPath("$.type").isEqualTo("customer").jsonPath("$.subscribed").isEqualTo(true)
                .jsonPath("$.visitingAddress.postcode").isEqualTo("1034WL")
                .jsonPath("$.provenance.tradeName.source").isEqualTo("KVK")
                .jsonPath("$.provenance.tradeName.kvkValue").isEqualTo("Test EMZ Dagobert");

        Registration renamed = Registrations.dagobert().setTradeName("Dagobert Vleeswaren").setEmployees(7).build();
        ProposalDecided update = Decisions.acceptUpdate(env, id, renamed, "tradeName");
        send(update);
        OrganisationChanged updated = changedBy(update);
        assertThat(updated.getKind()).isEqualTo(OrganisationChangeKind.UPDATED);
        assertThat(updated.getVersion()).isEqualTo(2);
        assertThat(updated.getChanges()).hasSize(1);
        assertThat(updated.getChanges().get(0).getAfter()).isEqualTo("Dagobert Vleeswaren");
        organisation(env, id).jsonPath("$.tradeName").isEqualTo("Dagobert Vleeswaren")
                .jsonPath("$.employees").isEqualTo(1)
                .jsonPath("$.provenance.tradeName.kvkValue").isEqualTo("Dagobert Vleeswaren");

        ProposalDecided ended = Decisions.acceptEnded(env, id, Registrations.ended(renamed, "2026-11-27"));
        send(ended);
        assertThat(changedBy(ended).getKind()).isEqualTo(OrganisationChangeKind.ENDED);
        organisation(env, id).jsonPath("$.status").isEqualTo("FORMER").jsonPath("$.endReason").isEqualTo("BANKRUPT");

        ProposalDecided undoEnded = Decisions.undo(ended, id, changedBy(ended).getBefore());
        send(undoEnded);
        assertThat(changedBy(undoEnded).getKind()).isEqualTo(OrganisationChangeKind.REACTIVATED);
        organisation(env, id).jsonPath("$.status").isEqualTo("ACTIVE").jsonPath("$.version").isEqualTo(4);

        ProposalDecided undoUpdate = Decisions.undo(update, id, updated.getBefore(), "tradeName");
        send(undoUpdate);
        assertThat(changedBy(undoUpdate).getChanges().get(0).getAfter()).isEqualTo("Test EMZ Dagobert");
        organisation(env, id).jsonPath("$.tradeName").isEqualTo("Test EMZ Dagobert");

        ProposalDecided undoNew = Decisions.undo(accepted, null, null);
        send(undoNew);
        assertThat(changedBy(undoNew).getKind()).isEqualTo(OrganisationChangeKind.DELETED);
        SubscriptionChanged unsubscribed = events().awaitOne(Topics.SUBSCRIPTIONS, SubscriptionChanged.class,
                s -> s.getOrganisationId().equals(id) && !s.getActive());
        assertThat(unsubscribed.getRegistrationKey()).isEqualTo("000038509504");
        http.get().uri("/environments/{env}/organisations/{id}", env, id).header("Authorization", bearer(VIEWER, env))
                .exchange().expectStatus().isNotFound();

        String prometheus = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(prometheus).contains("kvksync_decisions_applied_total{")
                .contains("kvksync_decisions_apply_latency_seconds");
    }

    @Test
    void aRedeliveredDecisionIsAppliedOnceAndARejectedOneChangesNothing() {
        String env = environment(true, true);
        String id = created(env, Registrations.dagobert().build());
        ProposalDecided update = Decisions.acceptUpdate(env, id, Registrations.dagobert().setWebsite(
                "https://dagobert.example.nl").build());
        ProposalDecided rejected = Decisions.reject(env, id, Registrations.dagobert().setEmployees(99).build());
        ProposalDecided marker = Decisions.acceptUpdate(env, id, Registrations.dagobert().setWebsite(
                "https://dagobert.example.nl").build());

        send(update, update, rejected, update, marker);
        changedBy(marker);

        assertThat(events().values(Topics.ORGANISATION_CHANGED, OrganisationChanged.class,
                e -> update.getDecisionId().equals(e.getDecisionId()))).hasSize(1);
        assertThat(events().values(Topics.ORGANISATION_CHANGED, OrganisationChanged.class,
                e -> rejected.getDecisionId().equals(e.getDecisionId()))).isEmpty();
        assertThat(changedBy(marker).getVersion()).as("created, update, marker").isEqualTo(3);
        organisation(env, id).jsonPath("$.employees").isEqualTo(1).jsonPath("$.version").isEqualTo(3);
    }

    @Test
    void decisionsThatCannotBeAppliedEndAsDecisionFailedWithTheirReason() {
        String env = environment(true, true);
        String deleted = created(env, Registrations.dagobert().build());
        http.delete().uri("/environments/{env}/organisations/{id}", env, deleted)
                .header("Authorization", bearer(USER, env)).exchange().expectStatus().isNoContent();
        String moduleOff = environment(true, false);

        ProposalDecided missing = Decisions.acceptUpdate(env, "no-such-organisation", dagobert);
        ProposalDecided gone = Decisions.acceptUpdate(env, deleted, dagobert);
        ProposalDecided noEnvironment = Decisions.acceptNew(newEnvironmentId(), dagobert, null);
        ProposalDecided off = Decisions.acceptNew(moduleOff, dagobert, null);
        send(missing, gone, noEnvironment, off);

        assertThat(failure(missing).getReason()).isEqualTo(FailureReason.ORGANISATION_NOT_FOUND);
        DecisionFailed goneFailure = failure(gone);
        assertThat(goneFailure.getReason()).isEqualTo(FailureReason.ORGANISATION_DELETED);
        assertThat(goneFailure.getOrganisationId()).isEqualTo(deleted);
        assertThat(goneFailure.getDetail()).contains("was deleted");
        assertThat(goneFailure.getProposalId()).isEqualTo(gone.getProposalId());
        assertThat(failure(noEnvironment).getReason()).isEqualTo(FailureReason.ENVIRONMENT_NOT_FOUND);
        assertThat(failure(off).getReason()).isEqualTo(FailureReason.MODULE_OFF);
        assertThat(events().values(Topics.ORGANISATION_CHANGED, OrganisationChanged.class,
                e -> e.getDecisionId() != null && Set.of(missing.getDecisionId(), gone.getDecisionId(),
                        off.getDecisionId()).contains(e.getDecisionId()))).isEmpty();
    }

    @Test
    void anUndeserializableRecordGoesToTheDeadLetterTopicWithoutBlockingItsPartition() {
        String env = environment(true, true);
        ProposalDecided after = Decisions.acceptNew(env, dagobert, null);
        String key = Topics.tenantKey(env, dagobert.getRegistrationKey());
        byte[] garbage = ("not avro " + env).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers",
                infra().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.PROPOSAL_DECIDED, key, garbage));
        }
        send(after);

        assertThat(changedBy(after).getKind()).isEqualTo(OrganisationChangeKind.CREATED);
        var dead = events().awaitRaw(Topics.dlt(Topics.PROPOSAL_DECIDED), e -> key.equals(e.key()));
        assertThat(dead.raw()).isEqualTo(garbage);
        assertThat(dead.headers().lastHeader("kafka_dlt-exception-fqcn")).isNotNull();
    }

    @Test
    void afterARestartTheListenerResumesFromTheCommittedOffsetLosingAndRepeatingNothing() {
        String env = environment(true, true);
        String id = created(env, Registrations.dagobert().build());
        MessageListenerContainer container = listeners.getListenerContainer(ProposalDecidedListener.ID);
        container.stop();
        try {
            ProposalDecided first = Decisions.acceptUpdate(env, id, Registrations.dagobert().setEmployees(2).build());
            ProposalDecided second = Decisions.acceptUpdate(env, id, Registrations.dagobert().setEmployees(3).build());
            send(first, second);
            assertThat(events().values(Topics.ORGANISATION_CHANGED, OrganisationChanged.class,
                    e -> first.getDecisionId().equals(e.getDecisionId()))).isEmpty();
            container.start();
            assertThat(changedBy(second).getVersion()).isEqualTo(3);
            assertThat(events().values(Topics.ORGANISATION_CHANGED, OrganisationChanged.class,
                    e -> first.getDecisionId().equals(e.getDecisionId()))).hasSize(1);
            organisation(env, id).jsonPath("$.employees").isEqualTo(3);
        } finally {
            if (!container.isRunning()) {
                container.start();
            }
        }
    }

    @Test
    void aCrashBetweenTheMongoWriteAndTheSendLosesNoEventWhenTheDecisionIsRedelivered() {
        String env = environment(true, true);
        ProposalDecided accepted = Decisions.acceptNew(env, dagobert, null);
        // what the processor had done when the process died: the organisation written with its events, none sent
        DecisionApplier.Applied applied = (DecisionApplier.Applied) DecisionApplier.apply(accepted,
                environments.find(env).block(), null, null, clock.instant());
        OrganisationDocument written = applied.document();
        applied.events().forEach(e -> written.addEvent(outbox.entry(e.topic(), e.key(), e.eventId(), e.value(),
                clock.instant())));
        assertThat(store.saveAll(List.of(written)).block()).isEmpty();
        assertThat(events().values(Topics.ORGANISATION_CHANGED, OrganisationChanged.class,
                e -> accepted.getDecisionId().equals(e.getDecisionId()))).isEmpty();

        send(accepted);

        assertThat(changedBy(accepted).getOrganisationId()).isEqualTo(written.id());
        events().awaitOne(Topics.SUBSCRIPTIONS, SubscriptionChanged.class,
                s -> s.getOrganisationId().equals(written.id()));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> store.find(written.id()).block().outbox().isEmpty());
        OrganisationDocument stored = store.find(written.id()).block();
        assertThat(stored.version()).as("applied once").isEqualTo(1);
        assertThat(events().values(Topics.ORGANISATION_CHANGED, OrganisationChanged.class,
                e -> accepted.getDecisionId().equals(e.getDecisionId()))).hasSize(1);
    }

    @Test
    void theSweeperSendsEventsACrashLeftInADocument() {
        String env = environment(true, true);
        ProposalDecided accepted = Decisions.acceptNew(env, Registrations.grandJoyflex().build(), null);
        DecisionApplier.Applied applied = (DecisionApplier.Applied) DecisionApplier.apply(accepted,
                environments.find(env).block(), null, null, clock.instant());
        OrganisationDocument written = applied.document();
        applied.events().forEach(e -> written.addEvent(outbox.entry(e.topic(), e.key(), e.eventId(), e.value(),
                clock.instant())));
        store.saveAll(List.of(written)).block();

        assertThat(sweeper.sweep(Duration.ZERO)).isGreaterThanOrEqualTo(2);

        assertThat(changedBy(accepted).getKind()).isEqualTo(OrganisationChangeKind.CREATED);
        assertThat(store.find(written.id()).block().outbox()).isEmpty();
    }

    @Test
    void aUserEditBetweenReadAndWriteMakesTheBatchReadAgainAndKeepsBothChanges() {
        String env = environment(true, true);
        String id = created(env, Registrations.dagobert().build());
        AtomicBoolean interfered = new AtomicBoolean();
        OrganisationStore racing = new OrganisationStore(mongo) {
            @Override
            public Mono<Set<String>> saveAll(List<OrganisationDocument> documents) {
                if (interfered.compareAndSet(false, true)) {
                    // a user's edit lands after the batch read the organisation and before it writes
                    http.patch().uri("/environments/{env}/organisations/{id}", env, id)
                            .header("Authorization", bearer(USER, env)).contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Map.of("phone", "020 123 4567")).exchange().expectStatus().isOk();
                }
                return super.saveAll(documents);
            }
        };
        DecisionProcessor processor = new DecisionProcessor(racing, environments, outbox, metrics,
                new DecisionProperties(1, 500, 10, Duration.ofSeconds(1)), clock);
        ProposalDecided update = Decisions.acceptUpdate(env, id, Registrations.dagobert()
                .setTradeName("Dagobert Vleeswaren").build(), "tradeName");

        DecisionProcessor.Summary summary = processor.process(List.of(update));

        assertThat(summary.rounds()).isEqualTo(2);
        assertThat(summary.applied()).isEqualTo(1);
        organisation(env, id).jsonPath("$.tradeName").isEqualTo("Dagobert Vleeswaren")
                .jsonPath("$.phone").isEqualTo("+31201234567").jsonPath("$.version").isEqualTo(3)
                .jsonPath("$.provenance.phone.source").isEqualTo("USER");
        Organisation before = changedBy(update).getBefore();
        assertThat(before.getPhone()).as("the decision was applied on top of the user's edit")
                .isEqualTo("+31201234567");
    }

    /** Creates an organisation from a registration through an accepted NEW; returns its id. */
    private String created(String env, Registration registration) {
        ProposalDecided accepted = Decisions.acceptNew(env, registration, null);
        send(accepted);
        return changedBy(accepted).getOrganisationId();
    }

    private static OrganisationChanged changedBy(ProposalDecided d) {
        return events().awaitOne(Topics.ORGANISATION_CHANGED, OrganisationChanged.class,
                e -> d.getDecisionId().equals(e.getDecisionId()));
    }

    private static DecisionFailed failure(ProposalDecided d) {
        return events().awaitOne(Topics.DECISION_FAILED, DecisionFailed.class,
                e -> d.getDecisionId().equals(e.getDecisionId()));
    }

    private org.springframework.test.web.reactive.server.WebTestClient.BodyContentSpec organisation(String env,
            String id) {
        return http.get().uri("/environments/{env}/organisations/{id}", env, id)
                .header("Authorization", bearer(VIEWER, env)).exchange().expectStatus().isOk().expectBody();
    }
}
