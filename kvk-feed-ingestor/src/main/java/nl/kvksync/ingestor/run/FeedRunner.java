package nl.kvksync.ingestor.run;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.kvksync.contracts.AvroBinary;
import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.kvk.FeedRecordRejected;
import nl.kvksync.contracts.kvk.FeedRunCompleted;
import nl.kvksync.contracts.kvk.FeedSource;
import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationChanged;
import nl.kvksync.ingestor.feed.FeedLineReader;
import nl.kvksync.ingestor.feed.FeedRecord;
import nl.kvksync.ingestor.feed.FeedRecordReader;
import nl.kvksync.ingestor.feed.Rejection;
import nl.kvksync.ingestor.replica.ChangeDetector;
import nl.kvksync.ingestor.replica.RegistrationStore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.ObjectMapper;

/**
 * Processes one feed run, exactly once. Publishes to kvk.registration-changed.v1 (key registrationKey, a real change
 * only), kvk.registrations.v1 (key registrationKey, the new snapshot), kvk.feed-rejected.v1 (key runId:line) and,
 * at the end, kvk.feed-runs.v1 (key runId). Every batch of lines is one Kafka transaction that also writes the run's
 * checkpoint to the private runs topic; the replica is written after the commit with a marker (runId, line), and
 * synced to disk when the run ends (RegistrationStore explains why that is enough). After a crash the run resumes
 * after its committed line, and the replica first replays the committed lines it missed, so the same decisions are
 * taken again: no duplicate, no gap. Event ids are deterministic (runId, key, line).
 * Failures: the batch is aborted and retried from the checkpoint with back-off; after five attempts the run is
 * FAILED (uploading the same file again resumes it). Runs on the one run thread only.
 */
final class FeedRunner {

    private static final Logger log = LoggerFactory.getLogger(FeedRunner.class);
    private static final int MAX_ATTEMPTS = 5;
    private static final int MAX_FANOUT = 10_000;
    /** Lines handled per batched replica read. */
    private static final int LOOKUP_CHUNK = 512;

    private final RunsProperties properties;
    private final RegistrationStore replica;
    private final FeedKafka kafka;
    private final FeedRecordReader reader;
    private final FeedMetrics metrics;
    private final RunRegistry registry;
    private final ObjectMapper json;
    private final Clock clock;

    private KafkaProducer<String, Object> producer;
    private ChangeEvents events;
    /** The changes decided since the replica was last written (this run's, while it executes). */
    private RegistrationStore.Pending pending;
    /** Snapshots read ahead for the lines being handled (null value: the replica has none); see prefetch. */
    private Map<String, byte[]> prefetched = Map.of();
    private RunState lastCommitted;
    private Duration retryBackOff = Duration.ofSeconds(1);

    FeedRunner(RunsProperties properties, RegistrationStore replica, FeedKafka kafka, FeedRecordReader reader,
            FeedMetrics metrics, RunRegistry registry, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.replica = replica;
        this.kafka = kafka;
        this.reader = reader;
        this.metrics = metrics;
        this.registry = registry;
        this.json = json;
        this.clock = clock;
    }

    void retryBackOff(Duration d) {
        this.retryBackOff = d;
    }

    /** Runs (or resumes) {@code run} to its end. */
    void execute(RunState run) {
        MDC.put("runId", run.runId);
        long t0 = System.nanoTime();
        pending = replica.pending();
        try {
            Path file = properties.spoolDir().resolve(run.file);
            if (!Files.isRegularFile(file)) {
                run.status = RunState.Status.FAILED;
                run.error = "the spooled feed " + file + " is gone; upload the file again";
                persistQuietly(run);
                return;
            }
            run.status = RunState.Status.RUNNING;
            run.error = null;
            if (run.startedAt == null) {
                run.startedAt = clock.instant().toString();
            }
            lastCommitted = run.copy();
            registry.update(run.copy());
            events().reset();
            log.info("run {} ({}) starts at line {}", run.runId, run.name, run.line + 1);
            int attempt = 0;
            while (true) {
                try {
                    catchUpReplica(run, file);
                    process(run, file);
                    // the run's replica writes are on disk before it is reported complete (and its file deleted)
                    replica.sync();
                    complete(run);
                    // a completed run is never read again (the same content is answered from its report)
                    Files.deleteIfExists(file);
                    metrics.finished(run, Duration.ofNanos(System.nanoTime() - t0));
                    log.info("run {} completed: read {} = published {} + unchanged {} + rejected {}", run.runId,
                            run.read, run.published, run.unchanged, run.rejected);
                    return;
                } catch (IOException | RuntimeException e) {
                    attempt++;
                    abortQuietly();
                    dropPending();
                    restore(run, lastCommitted);
                    if (attempt >= MAX_ATTEMPTS || e instanceof InterruptedRun) {
                        run.status = RunState.Status.FAILED;
                        run.error = e instanceof InterruptedRun ? "interrupted (the service is stopping)"
                                : "gave up after " + attempt + " attempts: " + e.getMessage();
                        log.error("run {} failed at line {}: {}", run.runId, run.line, e.toString(), e);
                        if (!(e instanceof InterruptedRun)) {
                            persistQuietly(run);
                            metrics.finished(run, Duration.ofNanos(System.nanoTime() - t0));
                        }
                        registry.update(run.copy());
                        return;
                    }
                    log.warn("run {} attempt {} failed at line {} ({}); retrying from the checkpoint", run.runId,
                            attempt, run.line, e.toString());
                    pause(retryBackOff.multipliedBy(1L << (attempt - 1)));
                }
            }
        } finally {
            syncQuietly();
            pending.close();
            pending = null;
            prefetched = Map.of();
            MDC.remove("runId");
        }
    }

    // ---- processing ----

    /**
     * A parsed line handed from the parse thread to the run thread, in file order, with the Avro binary of its
     * snapshot (null for a rejection or a BEEINDIGING that only names the registration).
     */
    private record Parsed(long number, FeedRecordReader.Outcome outcome, byte[] avro, IOException broken,
            long bytesRead) {
        static final Parsed END = new Parsed(-1, null, null, null, -1);
    }

    /**
     * Reads the file after the checkpoint. Parsing and validation (pure, deterministic) run on a second thread that
     * hands outcomes over in file order through a bounded queue; decisions, publishing and commits stay on the run
     * thread, so the outcome is the same as reading on one thread.
     */
    private void process(RunState run, Path file) throws IOException {
        if (run.finishedReading()) {
            return;
        }
        long size = Files.size(file);
        // two lookup chunks: the parser stays a chunk ahead, and fewer parsed lines outlive a young collection
        java.util.concurrent.BlockingQueue<Parsed> queue =
                new java.util.concurrent.ArrayBlockingQueue<>(2 * LOOKUP_CHUNK);
        try (CountingStream raw = new CountingStream(Files.newInputStream(file));
                FeedLineReader lines = new FeedLineReader(raw, properties.maxLineBytes())) {
            lines.skip(run.line);
            Thread parser = new Thread(() -> parseInto(lines, raw, queue), "feed-parse");
            parser.setDaemon(true);
            parser.start();
            try {
                ensureProducer();
                producer.beginTransaction();
                int inBatch = 0;
                List<Parsed> chunk = new ArrayList<>(LOOKUP_CHUNK);
                boolean end = false;
                while (!end) {
                    checkInterrupted();
                    chunk.clear();
                    try {
                        chunk.add(queue.take());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedRun();
                    }
                    // what the parser has ready, up to the end of this batch: the replica does not change before it
                    queue.drainTo(chunk, Math.min(LOOKUP_CHUNK, properties.batchLines() - inBatch) - 1);
                    prefetch(chunk);
                    for (Parsed item : chunk) {
                        if (item == Parsed.END) {
                            end = true;
                            break;
                        }
                        if (item.broken() != null) {
                            run.line = item.number();
                            run.read++;
                            reject(run, item.number(), Rejection.of(
                                    nl.kvksync.contracts.kvk.RejectionReason.TRUNCATED_LINE, null,
                                    "the compressed feed is corrupt or cut off after line " + (item.number() - 1)
                                            + " (" + item.broken().getMessage() + "); nothing after it could be read"));
                            run.streamBroken = true;
                            end = true;
                            break;
                        }
                        handle(run, item.number(), item.outcome(), item.avro(), true);
                        if (++inBatch >= properties.batchLines()) {
                            run.progress = Math.min(0.999, (double) item.bytesRead() / Math.max(1, size));
                            commit(run);
                            producer.beginTransaction();
                            inBatch = 0;
                        }
                    }
                }
                run.progress = 1.0;
                run.readComplete = true;
                commit(run);
            } finally {
                parser.interrupt();
                try {
                    parser.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void parseInto(FeedLineReader lines, CountingStream raw,
            java.util.concurrent.BlockingQueue<Parsed> queue) {
        AvroBinary<Registration> registrationAvro = AvroBinary.registrations();
        try {
            while (true) {
                FeedLineReader.Line line;
                try {
                    line = lines.next();
                } catch (IOException broken) {
                    queue.put(new Parsed(lines.linesRead() + 1, null, null, broken, raw.count));
                    return;
                }
                if (line == null) {
                    queue.put(Parsed.END);
                    return;
                }
                FeedRecordReader.Outcome outcome = reader.read(line);
                FeedRecord record = outcome.record();
                byte[] avro = record == null || record.endOnly() ? null : registrationAvro.encode(record.registration());
                queue.put(new Parsed(line.number(), outcome, avro, null, raw.count));
            }
        } catch (InterruptedException e) {
            // the run thread stopped reading (done, failed or shutting down)
        } catch (RuntimeException e) {
            log.error("parsing stopped: {}", e.toString(), e);
            try {
                queue.put(new Parsed(lines.linesRead() + 1, null, null, new IOException(e.toString(), e),
                        raw.count));
            } catch (InterruptedException ignored) {
                // nobody is reading any more
            }
        }
    }

    /**
     * Reads the replica's snapshots of a chunk's registrations in one batched read. Valid until the replica is next
     * written ({@link #commit}, or {@link #endAllOf} applying the pending changes), which clears them.
     */
    private void prefetch(List<Parsed> chunk) {
        List<String> keys = new ArrayList<>(chunk.size());
        for (Parsed item : chunk) {
            FeedRecord record = item.outcome() == null ? null : item.outcome().record();
            if (record != null && !endsEveryRegistrationOfItsKvkNummer(record)) {
                String key = record.registration().getRegistrationKey();
                if (pending.snapshot(key) == null) {
                    keys.add(key);
                }
            }
        }
        prefetched = keys.isEmpty() ? Map.of() : replica.rawSnapshots(keys);
    }

    /** The replica's snapshot of a registration: from the chunk's batched read when it has it. */
    private RegistrationStore.Stored applied(String registrationKey) {
        if (prefetched.containsKey(registrationKey)) {
            return replica.stored(prefetched.get(registrationKey));
        }
        return replica.getStored(registrationKey);
    }

    /**
     * One line: rejected, unchanged or published (or, replaying, only the replica's new state). {@code avro}: the
     * Avro binary of the record's snapshot, if the caller has it.
     */
    private void handle(RunState run, long lineNumber, FeedRecordReader.Outcome outcome, byte[] avro,
            boolean publish) {
        if (publish) {
            run.line = lineNumber;
            run.read++;
        }
        if (outcome.rejection() != null) {
            if (publish) {
                reject(run, lineNumber, outcome.rejection());
            }
            return;
        }
        FeedRecord record = outcome.record();
        Registration named = record.registration();
        if (endsEveryRegistrationOfItsKvkNummer(record)) {
            endAllOf(run, lineNumber, record, publish);
            return;
        }
        byte[] pendingAvro = pending.snapshot(named.getRegistrationKey());
        RegistrationStore.Stored stored = pendingAvro != null ? replica.stored(pendingAvro)
                : applied(named.getRegistrationKey());
        Registration previous = stored == null ? null : stored.registration();
        ChangeDetector.Decision d = ChangeDetector.decide(record, previous);
        if (d.unchanged()) {
            if (publish) {
                run.unchanged++;
            }
            return;
        }
        byte[] nextAvro = d.next() == named && avro != null ? avro : events().avro(d.next());
        pending.add(previous, d.next(), nextAvro);
        if (publish) {
            publishChange(run, lineNumber, record, stored, d, nextAvro);
            run.published++;
            RunState.increment(run.byKind, d.kind().name());
        }
    }

    /** A BEEINDIGING naming only a kvkNummer (no vestigingsnummer). */
    private static boolean endsEveryRegistrationOfItsKvkNummer(FeedRecord record) {
        return record.endOnly() && record.registration().getVestigingsnummer() == null;
    }

    /** A BEEINDIGING naming only a kvkNummer ends every registration the replica holds for it. */
    private void endAllOf(RunState run, long lineNumber, FeedRecord record, boolean publish) {
        // the by-kvkNummer index only knows applied registrations: apply what is pending first
        if (!pending.isEmpty()) {
            if (publish) {
                run.line = lineNumber - 1;
                run.read--;
                commit(run);
                producer.beginTransaction();
                run.line = lineNumber;
                run.read++;
            } else {
                applyPending(marker(run.runId, lineNumber - 1));
            }
        }
        List<String> keys = replica.keysByKvkNummer(record.registration().getKvkNummer(), MAX_FANOUT);
        if (keys.isEmpty()) {
            keys = List.of(record.registration().getRegistrationKey());
        }
        MutationKind kind = null;
        for (String key : keys) {
            RegistrationStore.Stored stored = replica.getStored(key);
            Registration previous = stored == null ? null : stored.registration();
            ChangeDetector.Decision d = ChangeDetector.decide(record, previous);
            if (d.unchanged()) {
                continue;
            }
            byte[] nextAvro = events().avro(d.next());
            pending.add(previous, d.next(), nextAvro);
            if (publish) {
                publishChange(run, lineNumber, record, stored, d, nextAvro);
            }
            kind = kind == null ? d.kind() : kind;
        }
        if (publish) {
            if (kind == null) {
                run.unchanged++;
            } else {
                run.published++;
                RunState.increment(run.byKind, kind.name());
            }
        }
    }

    /** Publishes the change and the new snapshot; {@code previous} is the snapshot it replaces (null: none). */
    private void publishChange(RunState run, long lineNumber, FeedRecord record, RegistrationStore.Stored previous,
            ChangeDetector.Decision d, byte[] nextAvro) {
        String key = d.next().getRegistrationKey();
        Instant now = clock.instant();
        // every field set, through the record's setters: its Builder validates and copies defaults per event
        RegistrationChanged event = new RegistrationChanged();
        event.setEventId(eventId(run.runId, key, lineNumber));
        event.setOccurredAt(now);
        event.setRegistrationKey(key);
        event.setKind(d.kind());
        event.setEffectiveDate(record.effectiveDate());
        event.setChangedFields(d.changedFields());
        event.setPrevious(previous == null ? null : previous.registration());
        event.setRegistration(d.next());
        event.setFeedId(run.runId);
        event.setFeedLine(lineNumber);
        event.setSource(source(run));
        producer.send(FeedKafka.record(Topics.REGISTRATION_CHANGED, key,
                events().registrationChanged(event, previous == null ? null : previous.avro(), nextAvro)));
        producer.send(FeedKafka.record(Topics.REGISTRATIONS, key, events().registration(d.next(), nextAvro)));
        run.events++;
    }

    private void reject(RunState run, long lineNumber, Rejection r) {
        String key = run.runId + ":" + lineNumber;
        FeedRecordRejected event = FeedRecordRejected.newBuilder()
                .setEventId(key)
                .setOccurredAt(clock.instant())
                .setFeedId(run.runId)
                .setLine(lineNumber)
                .setField(r.field())
                .setReason(r.reason())
                .setDetail(r.detail())
                .setValue(r.value())
                .build();
        producer.send(FeedKafka.record(Topics.FEED_REJECTED, key, event));
        run.rejected++;
        RunState.increment(run.byReason, r.reason().name());
    }

    /** Commits the open transaction with the run's checkpoint, then applies the batch to the replica. */
    private void commit(RunState run) {
        producer.send(FeedKafka.record(properties.runsTopic(), run.runId, json.writeValueAsString(run)));
        producer.commitTransaction();
        if (properties.haltAfterCommitLine() >= 0 && run.line >= properties.haltAfterCommitLine()) {
            log.warn("fault injection: halting after the commit of line {}, before the replica write", run.line);
            Runtime.getRuntime().halt(137);
        }
        applyPending(marker(run.runId, run.line));
        metrics.committed(lastCommitted, run);
        lastCommitted = run.copy();
        registry.update(run.copy());
    }

    private void complete(RunState run) {
        run.status = RunState.Status.COMPLETED;
        run.finishedAt = clock.instant().toString();
        run.progress = 1.0;
        Map<String, Long> byKind = new HashMap<>(run.byKindComplete());
        FeedRunCompleted report = FeedRunCompleted.newBuilder()
                .setEventId(run.runId + ":completed")
                .setOccurredAt(clock.instant())
                .setFeedId(run.runId)
                .setSource(source(run))
                .setName(run.name)
                .setContentHash(run.contentHash)
                .setStartedAt(Instant.parse(run.startedAt))
                .setFinishedAt(Instant.parse(run.finishedAt))
                .setRead(run.read)
                .setPublished(run.published)
                .setUnchanged(run.unchanged)
                .setRejected(run.rejected)
                .setPublishedByKind(byKind)
                .setRejectedByReason(new HashMap<>(run.byReason))
                .build();
        ensureProducer();
        producer.beginTransaction();
        producer.send(FeedKafka.record(Topics.FEED_RUNS, run.runId, report));
        producer.send(FeedKafka.record(properties.runsTopic(), run.runId, json.writeValueAsString(run)));
        producer.commitTransaction();
        lastCommitted = run.copy();
        registry.update(run.copy());
    }

    // ---- replica catch-up ----

    /**
     * Replays the lines this run committed but the replica has not applied (a crash between the two), deciding
     * them again against the replica exactly as they were decided when published.
     */
    private void catchUpReplica(RunState run, Path file) throws IOException {
        long applied = appliedLine(replica.appliedMarker(), run.runId);
        long committed = run.streamBroken ? run.line - 1 : run.line;
        if (committed <= applied) {
            return;
        }
        log.info("run {}: the replica applied line {}, Kafka committed line {}; replaying the difference", run.runId,
                applied, committed);
        dropPending();
        try (FeedLineReader lines = new FeedLineReader(Files.newInputStream(file), properties.maxLineBytes())) {
            lines.skip(applied);
            FeedLineReader.Line line;
            int inBatch = 0;
            while (lines.linesRead() < committed && (line = lines.next()) != null) {
                handle(run, line.number(), reader.read(line), null, false);
                if (++inBatch >= properties.batchLines()) {
                    applyPending(marker(run.runId, line.number()));
                    inBatch = 0;
                }
            }
        }
        applyPending(marker(run.runId, committed));
    }

    /** Writes the pending changes to the replica; snapshots read ahead of the write are stale after it. */
    private void applyPending(String marker) {
        replica.apply(pending, marker);
        dropPending();
    }

    /** Forgets the pending changes and the snapshots read ahead (after a write, a failed attempt, or to replay). */
    private void dropPending() {
        pending.clear();
        prefetched = Map.of();
    }

    /** However the run ended (also failed or interrupted), what it wrote to the replica goes to disk. */
    private void syncQuietly() {
        try {
            replica.sync();
        } catch (RuntimeException e) {
            log.warn("run's replica writes could not be synced to disk: {}", e.toString());
        }
    }

    static String marker(String runId, long line) {
        return runId + "\t" + line;
    }

    static long appliedLine(String marker, String runId) {
        if (marker == null) {
            return 0;
        }
        int tab = marker.indexOf('\t');
        if (tab < 0 || !marker.substring(0, tab).equals(runId)) {
            return 0;
        }
        return Long.parseLong(marker.substring(tab + 1));
    }

    // ---- plumbing ----

    static String eventId(String runId, String registrationKey, long line) {
        return UUID.nameUUIDFromBytes((runId + "|" + registrationKey + "|" + line).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static FeedSource source(RunState run) {
        return "MUTATIESERVICE".equals(run.source) ? FeedSource.MUTATIESERVICE : FeedSource.FILE;
    }

    private ChangeEvents events() {
        if (events == null) {
            events = new ChangeEvents(new ConfluentFrames(kafka.registrySerializer()));
        }
        return events;
    }

    private void ensureProducer() {
        if (producer == null) {
            producer = kafka.transactionalProducer(properties.transactionalId());
        }
    }

    private void abortQuietly() {
        if (producer == null) {
            return;
        }
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            // a fenced or broken producer cannot abort: a new one aborts the open transaction when it starts
        }
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.debug("closing the producer failed: {}", e.toString());
        }
        producer = null;
    }

    private void persistQuietly(RunState run) {
        try {
            ensureProducer();
            producer.beginTransaction();
            producer.send(FeedKafka.record(properties.runsTopic(), run.runId, json.writeValueAsString(run)));
            producer.commitTransaction();
        } catch (RuntimeException e) {
            log.warn("could not record run {} as {}: {}", run.runId, run.status, e.toString());
            abortQuietly();
        }
        registry.update(run.copy());
    }

    void close() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                log.debug("closing the producer failed: {}", e.toString());
            }
            producer = null;
        }
    }

    private static void restore(RunState target, RunState from) {
        RunState c = from.copy();
        target.line = c.line;
        target.read = c.read;
        target.published = c.published;
        target.unchanged = c.unchanged;
        target.rejected = c.rejected;
        target.byKind = c.byKind;
        target.byReason = c.byReason;
        target.events = c.events;
        target.progress = c.progress;
        target.streamBroken = c.streamBroken;
        target.readComplete = c.readComplete;
        target.status = RunState.Status.RUNNING;
    }

    private static void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedRun();
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedRun();
        }
    }

    static final class InterruptedRun extends RuntimeException {
        InterruptedRun() {
            super("interrupted");
        }
    }

    /** Counts the bytes read from the file (progress of gzipped and plain feeds alike). */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
