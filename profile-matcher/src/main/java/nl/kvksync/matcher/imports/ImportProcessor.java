package nl.kvksync.matcher.imports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.contracts.matcher.ImportProgressed;
import nl.kvksync.contracts.matcher.ImportStatus;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.contracts.review.ImportRequested;
import nl.kvksync.matcher.profile.CompiledProfile;
import nl.kvksync.matcher.profile.ProfileSpec;
import nl.kvksync.matcher.profile.RegistrationFacts;
import nl.kvksync.matcher.register.RegisterIndex;
import nl.kvksync.matcher.register.RegistrationKeys;
import nl.kvksync.matcher.register.SubscribedView;
import nl.kvksync.matcher.routing.AvroBinarySerde;
import nl.kvksync.matcher.routing.EnvironmentBook;
import nl.kvksync.matcher.routing.ProposalIds;
import nl.kvksync.matcher.routing.Proposals;
import nl.kvksync.matcher.routing.RegisterEntry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes review.import-requested.v1 (key environmentId:profileId) and emits NEW proposals
 * (matcher.proposal-raised.v1, key environmentId:registrationKey, reason IMPORT) in chunks from a wall-clock
 * punctuator, with progress on matcher.import-progressed.v1 (key environmentId:importId): STARTED, RUNNING per
 * chunk, COMPLETED, or REFUSED with a readable detail. Idempotent: a request whose import id is already in the
 * {@code imports} store is skipped, and proposal ids are deterministic; the job and its cursor are committed with
 * the proposals of each chunk, so a restart resumes where it stopped. Failures of one job end it FAILED.
 */
public final class ImportProcessor implements Processor<String, ImportRequested, String, SpecificRecord> {

    public static final String STORE = "imports";

    private static final Logger log = LoggerFactory.getLogger(ImportProcessor.class);
    private static final Serde<ImportRequested> REQUEST = AvroBinarySerde.of(ImportRequested.class);

    private final RegisterIndex index;
    private final SubscribedView subscribed;
    private final EnvironmentBook environments;
    private final ImportSettings settings;
    private final MeterRegistry meters;
    private final Counter raised;
    private final Set<String> active = new LinkedHashSet<>();
    private final Map<String, CompiledProfile> profiles = new ConcurrentHashMap<>();
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, ImportJob> jobs;
    private KeyValueStore<String, byte[]> register;

    public ImportProcessor(RegisterIndex index, SubscribedView subscribed, EnvironmentBook environments,
            ImportSettings settings, MeterRegistry meters) {
        this.index = index;
        this.subscribed = subscribed;
        this.environments = environments;
        this.settings = settings;
        this.meters = meters;
        this.raised = meters.counter("kvksync.proposals.raised", "kind", "NEW");
    }

    public static Serde<ImportJob> jobSerde() {
        return ImportJob.serde();
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.jobs = context.getStateStore(STORE);
        this.register = context.getStateStore(registerStoreName());
        try (KeyValueIterator<String, ImportJob> all = jobs.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                if (!entry.value.done()) {
                    active.add(entry.key);
                }
            }
        }
        context.schedule(settings.interval(), PunctuationType.WALL_CLOCK_TIME, this::emitChunk);
    }

    static String registerStoreName() {
        return "register";
    }

    @Override
    public void process(Record<String, ImportRequested> record) {
        ImportRequested request = record.value();
        if (request == null) {
            return;
        }
        if (jobs.get(request.getImportId()) != null) {
            log.debug("import {} already known: redelivery skipped", request.getImportId());
            return;
        }
        byte[] bytes = REQUEST.serializer().serialize(null, request);
        ImportPlanner.Plan plan = ImportPlanner.plan(request, index, subscribed, environments, settings.hardCap());
        if (plan instanceof ImportPlanner.Refused refused) {
            jobs.put(request.getImportId(), new ImportJob(bytes, new long[0], 0, 0, 0, refused.selected(),
                    refused.alreadySubscribed(), true));
            progress(request, ImportStatus.REFUSED, refused.selected(), refused.alreadySubscribed(), 0, 0,
                    refused.detail(), record.timestamp());
            log.info("import {} of profile {} in {} refused: {}", request.getImportId(), request.getProfileId(),
                    request.getEnvironmentId(), refused.detail());
            return;
        }
        ImportPlanner.Accepted plan2 = (ImportPlanner.Accepted) plan;
        ImportJob job = new ImportJob(bytes, plan2.keys(), 0, 0, 0, plan2.selected(), plan2.alreadySubscribed(),
                false);
        progress(request, ImportStatus.STARTED, job.selected(), job.alreadySubscribed(), 0, job.keys().length,
                null, record.timestamp());
        log.info("import {} of profile {} in {}: {} selected, {} already followed, {} to propose",
                request.getImportId(), request.getProfileId(), request.getEnvironmentId(), job.selected(),
                job.alreadySubscribed(), job.keys().length);
        if (job.complete()) {
            finish(request, job, record.timestamp());
        } else {
            jobs.put(request.getImportId(), job);
            active.add(request.getImportId());
        }
    }

    /** Emits up to one chunk of proposals over the running imports, oldest first. */
    void emitChunk(long now) {
        int budget = settings.chunkSize();
        for (String importId : new ArrayList<>(active)) {
            if (budget <= 0) {
                return;
            }
            ImportJob job = jobs.get(importId);
            if (job == null || job.done()) {
                active.remove(importId);
                continue;
            }
            ImportRequested request = REQUEST.deserializer().deserialize(null, job.request());
            try {
                CompiledProfile profile = profiles.computeIfAbsent(importId, id -> CompiledProfile.compile(
                        request.getEnvironmentId(), request.getProfileId(), ProfileSpec.of(request.getProfile())));
                int cursor = job.cursor();
                long emitted = job.emitted();
                long skipped = job.skipped();
                int end = (int) Math.min(job.keys().length, (long) cursor + budget);
                for (; cursor < end; cursor++) {
                    byte[] snapshot = register.get(RegistrationKeys.decode(job.keys()[cursor]));
                    Registration registration = snapshot == null ? null : RegisterEntry.registration(snapshot);
                    RegistrationFacts facts = registration == null ? null : RegistrationFacts.of(registration);
                    if (facts == null || registration.getStatus() != RegistrationStatus.ACTIVE
                            || !profile.matches(facts)) {
                        skipped++;
                        continue;
                    }
                    ProposalRaised p = Proposals.forImport(request, registration,
                            new Proposals.ProfileMatch(profile, profile.explain(facts)));
                    context.forward(new Record<>(p.getEnvironmentId() + ":" + p.getRegistrationKey(), p, now));
                    raised.increment();
                    emitted++;
                }
                budget -= end - job.cursor();
                ImportJob next = job.advance(cursor, emitted, skipped);
                if (next.complete()) {
                    finish(request, next, now);
                } else {
                    jobs.put(importId, next);
                    progress(request, ImportStatus.RUNNING, next.selected(), next.alreadySubscribed(), emitted,
                            next.keys().length, null, now);
                }
            } catch (RuntimeException e) {
                log.error("import {} failed", importId, e);
                jobs.put(importId, job.finished());
                active.remove(importId);
                profiles.remove(importId);
                progress(request, ImportStatus.FAILED, job.selected(), job.alreadySubscribed(), job.emitted(),
                        job.keys().length, "The import stopped after " + job.emitted() + " proposals: " + e, now);
            }
        }
    }

    private void finish(ImportRequested request, ImportJob job, long now) {
        jobs.put(request.getImportId(), job.finished());
        active.remove(request.getImportId());
        profiles.remove(request.getImportId());
        String detail = job.skipped() == 0 ? null
                : job.skipped() + " selected registrations ended, left the profile or left the register before"
                        + " their proposal was raised; they were skipped.";
        progress(request, ImportStatus.COMPLETED, job.selected(), job.alreadySubscribed(), job.emitted(),
                job.keys().length, detail, now);
    }

    private void progress(ImportRequested request, ImportStatus status, long selected, long already, long emitted,
            long total, String detail, long timestamp) {
        meters.counter("kvksync.matcher.imports", "status", status.name()).increment();
        String eventId = ProposalIds.of(request.getEnvironmentId(), request.getImportId(), "progress:" + emitted,
                nl.kvksync.contracts.matcher.ProposalKind.UNKNOWN, status.name());
        ImportProgressed event = ImportProgressed.newBuilder().setEventId(eventId)
                .setOccurredAt(Instant.ofEpochMilli(timestamp)).setImportId(request.getImportId())
                .setEnvironmentId(request.getEnvironmentId()).setProfileId(request.getProfileId()).setStatus(status)
                .setSelected(selected).setAlreadySubscribed(already).setEmitted(emitted).setTotal(total)
                .setDetail(detail).build();
        context.forward(new Record<>(request.getEnvironmentId() + ":" + request.getImportId(), event, timestamp));
    }
}
