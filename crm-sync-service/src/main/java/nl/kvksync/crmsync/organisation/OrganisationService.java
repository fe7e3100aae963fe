package nl.kvksync.crmsync.organisation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.ChangeSource;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.crm.OrganisationChangeKind;
import nl.kvksync.contracts.crm.SubscriptionOrigin;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.crmsync.environment.EnvironmentDocument;
import nl.kvksync.crmsync.environment.Environments;
import nl.kvksync.crmsync.outbox.Outbox;
import nl.kvksync.crmsync.platform.ApiException;
import nl.kvksync.crmsync.platform.ApiException.FieldError;
import nl.kvksync.crmsync.platform.Caller;
import nl.kvksync.crmsync.register.IngestorClient;
import nl.kvksync.crmsync.register.LinkCandidates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * What users and admins do to organisations over HTTP. Each change reads the organisation, applies the change to a
 * copy with the events it causes, writes it on the condition that the version did not move (a concurrent change
 * makes it read again and retry, or answer 412 when the caller named a version with If-Match), then publishes the
 * events. A publish that fails leaves the events stored for the outbox sweeper; the change itself stands.
 */
@Service
class OrganisationService {

    private static final Logger log = LoggerFactory.getLogger(OrganisationService.class);
    private static final int MAX_ATTEMPTS = 5;
    private static final int CANDIDATE_LIMIT = 10;

    /** What a change did: its kind and source, and the subscription it started or ended (null: none). */
    record Change(OrganisationChangeKind kind, ChangeSource source, Subscription subscription) {
    }

    /** A subscription event to publish with a change. */
    record Subscription(String registrationKey, String kvkNummer, boolean active, SubscriptionOrigin origin) {
    }

    /** A change to apply to {@code next} (a copy of {@code current}); null when there is nothing to change. */
    interface ChangeFunction {
        Change apply(EnvironmentDocument environment, OrganisationDocument current, OrganisationDocument next,
                Instant now);
    }

    private final OrganisationStore store;
    private final Environments environments;
    private final Outbox outbox;
    private final IngestorClient ingestor;
    private final Clock clock;

    OrganisationService(OrganisationStore store, Environments environments, Outbox outbox, IngestorClient ingestor,
            Clock clock) {
        this.store = store;
        this.environments = environments;
        this.outbox = outbox;
        this.ingestor = ingestor;
        this.clock = clock;
    }

    Mono<OrganisationDocument> get(String env, String organisationId) {
        return environments.require(env).then(store.find(organisationId))
                .filter(d -> d.environmentId().equals(env) && !d.deleted())
                .switchIfEmpty(Mono.error(() -> notFound(organisationId)));
    }

    Mono<OrganisationStore.Page> list(String env, OrganisationStore.Criteria criteria, int page, int size) {
        return environments.require(env).then(store.search(env, criteria, page, size));
    }

    Mono<OrganisationDocument> createByHand(String env, JsonNode body, Caller caller) {
        return environments.require(env).flatMap(environment -> {
            Instant now = clock.instant();
            Organisation o = Organisations.blank(UUID.randomUUID().toString(), env, null, now);
            OrganisationEdits.Result result = OrganisationEdits.apply(o, body, environment::allowsType,
                    caller.subject(), now);
            List<FieldError> errors = new ArrayList<>(result.errors());
            if (errors.isEmpty()) {
                errors.addAll(OrganisationEdits.requireName(o));
            }
            if (!errors.isEmpty()) {
                return Mono.error(ApiException.validation(errors));
            }
            OrganisationDocument created = OrganisationDocument.created(o, caller.subject(), null);
            emit(created, null, new Change(OrganisationChangeKind.CREATED, ChangeSource.USER, null), caller, now);
            return insert(created);
        });
    }

    Mono<OrganisationDocument> createFromRegistration(String env, String registrationKey, String type, Caller caller) {
        if (registrationKey == null || registrationKey.isBlank()) {
            return Mono.error(ApiException.validation(List.of(new FieldError("registrationKey", "is required"))));
        }
        return environments.require(env).flatMap(environment -> {
            requireBasicModule(environment);
            if (!environment.allowsType(type)) {
                return Mono.error(ApiException.validation(List.of(new FieldError("type",
                        "'" + type + "' is not an organisation type of this environment"))));
            }
            return registration(registrationKey, caller)
                    .flatMap(registration -> requireUnlinked(env, registration.getRegistrationKey(), null)
                            .then(Mono.defer(() -> {
                                Instant now = clock.instant();
                                OrganisationDocument created = OrganisationDocument.created(
                                        Organisations.fromRegistration(UUID.randomUUID().toString(), env, type,
                                                registration, now),
                                        caller.subject(), SubscriptionOrigin.CREATED_FROM_KVK);
                                emit(created, null, new Change(OrganisationChangeKind.CREATED, ChangeSource.KVK,
                                        new Subscription(registration.getRegistrationKey(),
                                                registration.getKvkNummer(), true,
                                                SubscriptionOrigin.CREATED_FROM_KVK)), caller, now);
                                return insert(created);
                            })));
        });
    }

    Mono<OrganisationDocument> patch(String env, String organisationId, JsonNode patch, Long ifMatch, Caller caller) {
        return change(env, organisationId, ifMatch, caller, (environment, current, next, now) -> {
            OrganisationEdits.Result result = OrganisationEdits.apply(next.state(), patch, environment::allowsType,
                    caller.subject(), now);
            if (!result.errors().isEmpty()) {
                throw ApiException.validation(result.errors());
            }
            return result.changed() ? new Change(OrganisationChangeKind.UPDATED, ChangeSource.USER, null) : null;
        });
    }

    Mono<OrganisationDocument> delete(String env, String organisationId, Long ifMatch, Caller caller) {
        return change(env, organisationId, ifMatch, caller, (environment, current, next, now) -> {
            Organisation o = next.state();
            Subscription ended = o.getSubscribed() && o.getRegistrationKey() != null
                    ? new Subscription(o.getRegistrationKey(), o.getKvkNummer(), false, next.subscriptionOrigin())
                    : null;
            next.unsubscribe();
            next.markDeleted(now);
            return new Change(OrganisationChangeKind.DELETED, ChangeSource.USER, ended);
        });
    }

    Mono<OrganisationDocument> link(String env, String organisationId, String registrationKey, Caller caller) {
        if (registrationKey == null || registrationKey.isBlank()) {
            return Mono.error(ApiException.validation(List.of(new FieldError("registrationKey", "is required"))));
        }
        return environments.require(env)
                .doOnNext(OrganisationService::requireBasicModule)
                .then(get(env, organisationId))
                .then(registration(registrationKey, caller))
                .flatMap(registration -> requireUnlinked(env, registration.getRegistrationKey(), organisationId)
                        .then(change(env, organisationId, null, caller, (environment, current, next, now) -> {
                            Organisation o = next.state();
                            String key = registration.getRegistrationKey();
                            if (o.getRegistrationKey() != null && !o.getRegistrationKey().equals(key)) {
                                throw ApiException.conflict("already-linked", "organisation " + organisationId
                                        + " is linked to registration " + o.getRegistrationKey() + "; unlink it first")
                                        .with("registrationKey", o.getRegistrationKey());
                            }
                            if (key.equals(o.getRegistrationKey()) && o.getSubscribed()) {
                                return null;
                            }
                            next.subscribe(key, SubscriptionOrigin.LINKED);
                            return new Change(OrganisationChangeKind.LINKED, ChangeSource.USER,
                                    new Subscription(key, registration.getKvkNummer(), true, SubscriptionOrigin.LINKED));
                        })));
    }

    Mono<OrganisationDocument> unlink(String env, String organisationId, Caller caller) {
        return change(env, organisationId, null, caller, (environment, current, next, now) -> {
            Organisation o = next.state();
            if (o.getRegistrationKey() == null) {
                throw ApiException.conflict("not-linked", "organisation " + organisationId + " is not linked to KvK");
            }
            Subscription ended = new Subscription(o.getRegistrationKey(), o.getKvkNummer(), false,
                    next.subscriptionOrigin());
            o.setRegistrationKey(null);
            next.unsubscribe();
            return new Change(OrganisationChangeKind.UNLINKED, ChangeSource.USER, ended);
        });
    }

    Mono<OrganisationDocument> unsubscribe(String env, String organisationId, Caller caller) {
        return change(env, organisationId, null, caller, (environment, current, next, now) -> {
            Organisation o = next.state();
            if (o.getRegistrationKey() == null) {
                throw ApiException.conflict("not-linked", "organisation " + organisationId + " is not linked to KvK");
            }
            if (!o.getSubscribed()) {
                return null;
            }
            next.unsubscribe();
            return new Change(OrganisationChangeKind.UPDATED, ChangeSource.USER,
                    new Subscription(o.getRegistrationKey(), o.getKvkNummer(), false, next.subscriptionOrigin()));
        });
    }

    /** Ranked registrations this organisation could be linked to, each marked with who holds it already. */
    Mono<CandidatesView> candidates(String env, String organisationId, Caller caller) {
        return environments.require(env)
                .doOnNext(OrganisationService::requireBasicModule)
                .then(get(env, organisationId))
                .flatMap(document -> {
                    Organisation o = document.state();
                    List<Mono<List<Registration>>> searches = new ArrayList<>();
                    if (o.getVestigingsnummer() != null) {
                        searches.add(ingestor.search(Map.of("vestigingsnummer", o.getVestigingsnummer()),
                                CANDIDATE_LIMIT, caller.bearerToken()));
                    }
                    if (o.getKvkNummer() != null) {
                        searches.add(ingestor.search(Map.of("kvkNummer", o.getKvkNummer()), CANDIDATE_LIMIT * 2,
                                caller.bearerToken()));
                    }
                    // the register matches name words as prefixes and postcodes by prefix: ask for the most
                    // telling word of the name in the same postcode area, and let the ranking judge the rest
                    String word = LinkCandidates.searchWord(o.getTradeName() != null ? o.getTradeName()
                            : o.getStatutoryName());
                    if (word != null) {
                        Map<String, String> byName = new LinkedHashMap<>();
                        byName.put("naam", word);
                        String postcode = o.getVisitingAddress() != null ? o.getVisitingAddress().getPostcode()
                                : o.getPostalAddress() != null ? o.getPostalAddress().getPostcode() : null;
                        if (postcode != null && postcode.length() >= 4 && postcode.matches("[1-9]\\d{3}.*")) {
                            byName.put("postcode", postcode.substring(0, 4));
                        }
                        searches.add(ingestor.search(byName, CANDIDATE_LIMIT * 2, caller.bearerToken()));
                    }
                    return Flux.concat(searches).flatMapIterable(l -> l).collectList()
                            .map(found -> LinkCandidates.rank(o, found, CANDIDATE_LIMIT))
                            .flatMap(ranked -> store.findLinked(ranked.stream()
                                            .map(c -> OrganisationDocument.linkKey(env,
                                                    c.registration().getRegistrationKey()))
                                            .toList())
                                    .map(linked -> CandidatesView.of(organisationId, ranked, env, linked)));
                });
    }

    private Mono<OrganisationDocument> change(String env, String organisationId, Long ifMatch, Caller caller,
            ChangeFunction function) {
        return Mono.defer(() -> environments.require(env).zipWith(get(env, organisationId)).flatMap(loaded -> {
            EnvironmentDocument environment = loaded.getT1();
            OrganisationDocument current = loaded.getT2();
            if (ifMatch != null && current.version() != ifMatch) {
                return Mono.error(versionMismatch(organisationId, ifMatch, current.version()));
            }
            Instant now = clock.instant();
            OrganisationDocument next = current.copy();
            Change change = function.apply(environment, current, next, now);
            if (change == null) {
                return Mono.just(current);
            }
            next.bump(now);
            emit(next, current.state(), change, caller, now);
            return store.save(next).flatMap(result -> switch (result) {
                case SAVED -> publish(next).thenReturn(next);
                case VERSION_CONFLICT -> Mono.error(ifMatch != null
                        ? versionMismatch(organisationId, ifMatch, -1) : new ConcurrentChange());
                case DUPLICATE_KEY -> Mono.error(alreadyLinked(next.state().getRegistrationKey(), null));
            });
        })).retryWhen(reactor.util.retry.Retry.max(MAX_ATTEMPTS).filter(ConcurrentChange.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .onErrorMap(ConcurrentChange.class, e -> ApiException.conflict("concurrent-change",
                        "organisation " + organisationId + " kept changing; try again"));
    }

    private Mono<OrganisationDocument> insert(OrganisationDocument created) {
        return store.save(created).flatMap(result -> result == OrganisationStore.SaveResult.SAVED
                ? publish(created).thenReturn(created)
                : Mono.error(alreadyLinked(created.state().getRegistrationKey(), null)));
    }

    private void emit(OrganisationDocument next, Organisation before, Change change, Caller caller, Instant now) {
        Organisation after = next.state();
        String key = Organisations.key(after);
        String changedId = UUID.randomUUID().toString();
        next.addEvent(outbox.entry(Topics.ORGANISATION_CHANGED, key, changedId, Organisations.changed(changedId,
                change.kind(), before, after, change.source(), caller.subject(), null, null, now), now));
        Subscription s = change.subscription();
        if (s != null) {
            String subscriptionId = UUID.randomUUID().toString();
            next.addEvent(outbox.entry(Topics.SUBSCRIPTIONS, key, subscriptionId, Organisations.subscription(
                    subscriptionId, after, s.registrationKey(), s.kvkNummer(), s.active(), s.origin(), now), now));
        }
    }

    private Mono<Void> publish(OrganisationDocument document) {
        return outbox.relay(OrganisationStore.COLLECTION, document.id(), document.outbox())
                .onErrorResume(e -> {
                    log.warn("organisation {} saved, its events stay in the outbox for the sweeper: {}", document.id(),
                            e.toString());
                    return Mono.empty();
                });
    }

    private Mono<Registration> registration(String registrationKey, Caller caller) {
        return ingestor.registration(registrationKey, caller.bearerToken())
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT,
                        "registration-not-found", "Unknown registration",
                        "the KvK register has no registration " + registrationKey)));
    }

    /** Completes when no live organisation of {@code env} other than {@code except} is linked to the registration. */
    private Mono<Void> requireUnlinked(String env, String registrationKey, String except) {
        String linkKey = OrganisationDocument.linkKey(env, registrationKey);
        return store.findLinked(List.of(linkKey)).flatMap(linked -> {
            OrganisationDocument holder = linked.get(linkKey);
            return holder == null || holder.id().equals(except) ? Mono.empty()
                    : Mono.error(alreadyLinked(registrationKey, holder.id()));
        });
    }

    private static void requireBasicModule(EnvironmentDocument environment) {
        if (!environment.basicModule()) {
            throw ApiException.conflict("basic-module-off", "the basic KvK module is off in environment "
                    + environment.id() + "; an admin can switch it on with PUT /environments/" + environment.id()
                    + "/modules");
        }
    }

    private static ApiException notFound(String organisationId) {
        return ApiException.notFound("organisation-not-found", "organisation " + organisationId + " not found");
    }

    private static ApiException alreadyLinked(String registrationKey, String holder) {
        ApiException e = ApiException.conflict("already-linked", "registration " + registrationKey
                + " is already linked to " + (holder == null ? "another organisation" : "organisation " + holder)
                + " in this environment");
        return holder == null ? e : e.with("organisationId", holder);
    }

    private static ApiException versionMismatch(String organisationId, long expected, long actual) {
        return new ApiException(HttpStatus.PRECONDITION_FAILED, "version-mismatch", "Version mismatch",
                "organisation " + organisationId + " is not at version " + expected
                        + (actual >= 0 ? " but at " + actual : "") + "; read it again");
    }

    private static final class ConcurrentChange extends RuntimeException {
        ConcurrentChange() {
            super(null, null, false, false);
        }
    }
}
