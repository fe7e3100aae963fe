package nl.kvksync.ingestor.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.ingestor.replica.RegistrationStore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * Accepts feed files (upload, inbox, Mutatieservice), spools them under their content hash, records them as QUEUED
 * runs and hands them to the one run thread in order. At start-up it reads the committed run checkpoints, rebuilds
 * an empty replica from kvk.registrations.v1 and resumes every run that had not finished. The same content twice is
 * the same run: a no-op when it completed, a resume when it had failed.
 */
public final class RunService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunService.class);

    /** The answer to a submission: the run, and whether it already existed. */
    public record Submission(RunState run, boolean duplicate) {
    }

    private final RunsProperties properties;
    private final RegistrationStore replica;
    private final FeedKafka kafka;
    private final RunRegistry registry;
    private final FeedRunner runner;
    private final ObjectMapper json;
    private final Clock clock;
    private final ExecutorService runThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "feed-run");
        t.setDaemon(true);
        return t;
    });
    private final KafkaProducer<String, String> submissions;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean loaded = new AtomicBoolean();
    private volatile String replicaState = "starting";

    public RunService(RunsProperties properties, RegistrationStore replica, FeedKafka kafka, RunRegistry registry,
            FeedRunner runner, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.replica = replica;
        this.kafka = kafka;
        this.registry = registry;
        this.runner = runner;
        this.json = json;
        this.clock = clock;
        this.submissions = kafka.stringProducer();
        try {
            Files.createDirectories(properties.spoolDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the spool directory " + properties.spoolDir(), e);
        }
    }

    /** Loads the committed runs, then (on the run thread) rebuilds the replica if needed and resumes open runs. */
    public void start() {
        removeUnfinishedUploads();
        Map<String, String> committed = kafka.readLatestStrings(properties.runsTopic(), Duration.ofSeconds(120));
        List<RunState> open = new ArrayList<>();
        for (Map.Entry<String, String> e : committed.entrySet()) {
            RunState run = json.readValue(e.getValue(), RunState.class);
            registry.update(run);
            if (!run.finished()) {
                open.add(run);
            }
        }
        open.sort(Comparator.comparing((RunState r) -> r.submittedAt == null ? "" : r.submittedAt));
        log.info("{} feed runs known, {} to resume", committed.size(), open.size());
        loaded.set(true);
        runThread.execute(() -> {
            prepareReplica(open);
            ready.set(true);
        });
        for (RunState run : open) {
            runThread.execute(() -> runner.execute(run));
        }
    }

    /** Uploads cut off by a restart left {@code .part} files; nothing is using them now. */
    private void removeUnfinishedUploads() {
        try (var files = Files.newDirectoryStream(properties.spoolDir(), "*.part")) {
            for (Path f : files) {
                deleteQuietly(f);
            }
        } catch (IOException e) {
            log.warn("cannot clean the spool directory {}: {}", properties.spoolDir(), e.toString());
        }
    }

    private void prepareReplica(List<RunState> open) {
        try {
            if (replica.needsRebuild() && properties.rebuildOnStart() && kafka.hasRecords(Topics.REGISTRATIONS)) {
                RunState inProgress = open.stream().filter(r -> r.line > 0).findFirst().orElse(null);
                rebuild(inProgress);
            }
            replicaState = "ready";
        } catch (RuntimeException e) {
            replicaState = "rebuild failed: " + e.getMessage();
            log.error("rebuilding the replica failed", e);
        }
    }

    /** Rebuilds the replica from kvk.registrations.v1 (on the run thread, between runs). */
    public void rebuildNow() {
        runThread.execute(() -> {
            ready.set(false);
            try {
                rebuild(registry.all().stream().filter(r -> !r.finished() && r.line > 0).findFirst().orElse(null));
                replicaState = "ready";
            } catch (RuntimeException e) {
                replicaState = "rebuild failed: " + e.getMessage();
                log.error("rebuilding the replica failed", e);
            } finally {
                ready.set(true);
            }
        });
    }

    private void rebuild(RunState inProgress) {
        replicaState = "rebuilding";
        long t0 = System.nanoTime();
        replica.clear();
        List<Registration> batch = new ArrayList<>(10_000);
        long[] count = {0};
        kafka.readAllAvro(Topics.REGISTRATIONS, Duration.ofHours(1), r -> {
            if (r.value() instanceof Registration reg) {
                batch.add(reg);
                count[0]++;
                if (batch.size() >= 10_000) {
                    replica.putAll(batch, null);
                    batch.clear();
                }
            }
        });
        String marker = inProgress == null ? "rebuilt" : FeedRunner.marker(inProgress.runId,
                inProgress.streamBroken ? inProgress.line - 1 : inProgress.line);
        replica.putAll(batch, marker);
        log.info("replica rebuilt from {}: {} snapshots in {} s", Topics.REGISTRATIONS, count[0],
                (System.nanoTime() - t0) / 1_000_000_000L);
    }

    /**
     * Takes a complete feed file (moved into the spool) as a run. The same content as an earlier run answers that
     * run; if it had failed, it is queued again and resumes from its checkpoint.
     */
    public Submission submit(String name, String source, Path file) {
        requireLoaded(file); // before reading a whole file for its hash
        return submit(name, source, file, ContentHash.of(file));
    }

    /** {@link #submit(String, String, Path)} of a file whose {@link ContentHash} the caller took while writing it. */
    public synchronized Submission submit(String name, String source, Path file, String hash) {
        requireLoaded(file);
        var existing = registry.byContentHash(hash);
        if (existing.isPresent()) {
            RunState run = existing.get();
            deleteQuietly(file);
            if (run.status == RunState.Status.FAILED) {
                run.status = RunState.Status.QUEUED;
                run.error = null;
                record(run);
                runThread.execute(() -> runner.execute(run));
                return new Submission(run.copy(), false);
            }
            RunState answer = run.copy();
            answer.duplicateOf = run.runId;
            return new Submission(answer, true);
        }
        String runId = "run-" + hash.substring(0, 16);
        Path spooled = properties.spoolDir().resolve(hash + ".feed");
        try {
            Files.move(file, spooled, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            RunState run = new RunState();
            run.runId = runId;
            run.name = name;
            run.source = source;
            run.contentHash = hash;
            run.status = RunState.Status.QUEUED;
            run.file = spooled.getFileName().toString();
            run.sizeBytes = Files.size(spooled);
            run.submittedAt = clock.instant().toString();
            record(run);
            runThread.execute(() -> runner.execute(run));
            return new Submission(run.copy(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool the feed " + name + ": " + e.getMessage(), e);
        }
    }

    /** Writes the QUEUED run to the runs topic before it is started, so a restart finds it. */
    private void record(RunState run) {
        try {
            submissions.send(new ProducerRecord<>(properties.runsTopic(), run.runId, json.writeValueAsString(run)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot record the run in " + properties.runsTopic() + ": " + e, e);
        }
        registry.update(run.copy());
    }

    /** A new temporary file in the spool directory (same file system, so the move into place is atomic). */
    public Path newSpoolFile() {
        try {
            return Files.createTempFile(properties.spoolDir(), "upload-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file in " + properties.spoolDir(), e);
        }
    }

    /** Submissions are refused until the committed runs are loaded at start-up. */
    public static final class NotReady extends RuntimeException {
        NotReady() {
            super("the ingestor is still starting (loading its runs); try again in a few seconds");
        }
    }

    public boolean loaded() {
        return loaded.get();
    }

    public boolean replicaReady() {
        return ready.get();
    }

    public String replicaState() {
        return replicaState;
    }

    /** Submissions are refused (and their file dropped) until the committed runs are loaded at start-up. */
    private void requireLoaded(Path file) {
        if (!loaded.get()) {
            deleteQuietly(file);
            throw new NotReady();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("could not delete {}: {}", file, e.toString());
        }
    }

    @Override
    public void close() {
        runThread.shutdownNow();
        try {
            runThread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runner.close();
        submissions.close(Duration.ofSeconds(5));
    }
}
