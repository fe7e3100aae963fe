package nl.kvksync.ingestor.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Watches the inbox directory: a feed file dropped there (any name not starting with a dot and not ending in
 * {@code .part} or {@code .tmp}) is taken as a run once its size and modification time stayed the same for one
 * poll, then moved to {@code done/} (or, when it could not be read, to {@code failed/} beside a {@code .error.txt}).
 * The same content dropped twice is the same run (a no-op). Copy a file in under a temporary name and rename it
 * when complete to have it picked up at once.
 */
final class InboxWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxWatcher.class);

    private final RunsProperties properties;
    private final RunService runs;
    private final Clock clock;
    private final Map<Path, String> seen = new HashMap<>();
    private ScheduledExecutorService timer;

    InboxWatcher(RunsProperties properties, RunService runs, Clock clock) {
        this.properties = properties;
        this.runs = runs;
        this.clock = clock;
    }

    @Override
    public void start() {
        try {
            Files.createDirectories(properties.inboxDir());
        } catch (IOException e) {
            log.error("cannot create the inbox {}: {}", properties.inboxDir(), e.toString());
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "feed-inbox");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, properties.inboxPoll().toMillis());
        timer.scheduleWithFixedDelay(this::pollQuietly, every, every, TimeUnit.MILLISECONDS);
        log.info("watching the inbox {} every {}", properties.inboxDir().toAbsolutePath(), properties.inboxPoll());
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.warn("inbox poll failed: {}", e.toString());
        }
    }

    void poll() {
        if (!runs.loaded() || !Files.isDirectory(properties.inboxDir())) {
            return;
        }
        Set<Path> present = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(properties.inboxDir())) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || name.endsWith(".part") || name.endsWith(".tmp")
                        || !Files.isRegularFile(file)) {
                    continue;
                }
                present.add(file);
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                String signature = a.size() + "@" + a.lastModifiedTime().toMillis();
                if (!signature.equals(seen.put(file, signature))) {
                    continue; // new or still growing: look again at the next poll
                }
                take(file);
                seen.remove(file);
            }
        } catch (IOException e) {
            log.warn("cannot read the inbox {}: {}", properties.inboxDir(), e.toString());
        }
        seen.keySet().retainAll(present);
    }

    private void take(Path file) {
        String name = file.getFileName().toString();
        Path spooled = null;
        try {
            spooled = runs.newSpoolFile();
            Files.copy(file, spooled, StandardCopyOption.REPLACE_EXISTING);
            RunService.Submission s = runs.submit(name, "FILE", spooled);
            log.info("inbox file {} is run {}{}", name, s.run().runId, s.duplicate() ? " (already ingested)" : "");
            moveTo(file, "done", s.run().runId);
        } catch (RunService.NotReady e) {
            log.debug("inbox file {} waits until the runs are loaded", name);
        } catch (IOException | RuntimeException e) {
            log.error("inbox file {} could not be taken: {}", name, e.toString());
            try {
                Path failed = moveTo(file, "failed", null);
                Files.writeString(failed.resolveSibling(failed.getFileName() + ".error.txt"),
                        clock.instant() + " " + e + System.lineSeparator());
                if (spooled != null) {
                    Files.deleteIfExists(spooled);
                }
            } catch (IOException io) {
                log.error("cannot move {} out of the inbox: {}", name, io.toString());
            }
        }
    }

    private Path moveTo(Path file, String folder, String runId) throws IOException {
        Path dir = properties.inboxDir().resolve(folder);
        Files.createDirectories(dir);
        Path target = dir.resolve(file.getFileName());
        if (Files.exists(target)) {
            target = dir.resolve((runId != null ? runId : String.valueOf(clock.millis())) + "-" + file.getFileName());
        }
        return Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null && !timer.isShutdown();
    }

}
