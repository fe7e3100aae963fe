package nl.kvksync.ingestor.mutatieservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import nl.kvksync.ingestor.run.RunService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Runs Mutatieservice polls one at a time: on the cron schedule when enabled, and on demand. A finished window
 * becomes a feed run with source MUTATIESERVICE through {@link RunService#submit}; the same window submitted twice
 * (after a crash) is the same content and so a no-op. A failed poll (KvK unavailable after the retries, runs not
 * ready) leaves the checkpoint where it was; the next poll resumes from it: when the schedule is on, that is
 * {@code retry-after-failure} later, and a window left half-fetched by a crash is resumed right after start-up.
 * Metrics:
 * {@code kvksync.mutatieservice.polls{outcome}} and {@code kvksync.mutatieservice.signals}.
 */
@Component
class MutatieserviceSource implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MutatieserviceSource.class);

    /** What the last poll did, for GET /mutatieservice. */
    record LastPoll(String startedAt, String finishedAt, String outcome, String error,
            MutatieservicePoller.Outcome result) {
    }

    private final MutatieserviceProperties properties;
    private final MutatieservicePoller poller;
    private final MeterRegistry meters;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mutatieservice");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicReference<LastPoll> lastPoll = new AtomicReference<>();
    private final ThreadPoolTaskScheduler scheduler;

    MutatieserviceSource(MutatieserviceProperties properties, ObjectProvider<RunService> runs, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
        this.poller = new MutatieservicePoller(new KvkApiClient(properties), properties,
                (name, file) -> submit(runs, name, file), Clock.systemUTC());
        if (!CronExpression.isValidExpression(properties.cron())) {
            throw new IllegalArgumentException("kvksync.ingestor.mutatieservice.cron '" + properties.cron()
                    + "' is not a valid cron expression (six fields: second minute hour day month weekday)");
        }
        if (properties.enabled()) {
            scheduler = new ThreadPoolTaskScheduler();
            scheduler.setThreadNamePrefix("mutatieservice-schedule-");
            scheduler.initialize();
            scheduler.schedule(this::trigger, new CronTrigger(properties.cron(), ZoneId.of(properties.zone())));
            log.info("Mutatieservice source: polling {} on '{}' ({})", properties.baseUrl(), properties.cron(),
                    properties.zone());
        } else {
            scheduler = null;
        }
    }

    /** A window a crash left half-fetched is resumed at once rather than at the next cron time. */
    @EventListener(ApplicationReadyEvent.class)
    void resumeInterruptedWindow() {
        if (scheduler != null && poller.checkpoint().inWindow()) {
            log.info("Mutatieservice: a window was left unfinished; resuming it now");
            trigger();
        }
    }

    private static String submit(ObjectProvider<RunService> runs, String name, Path window) {
        RunService service = runs.getIfAvailable();
        if (service == null) {
            throw new IllegalStateException("the feed runs are not available in this process");
        }
        Path spool = service.newSpoolFile();
        try {
            Files.copy(window, spool, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool the Mutatieservice window " + name, e);
        }
        return service.submit(name, "MUTATIESERVICE", spool).run().runId;
    }

    /** Starts a poll unless one is running; false when one is. */
    boolean trigger() {
        if (!running.compareAndSet(false, true)) {
            return false;
        }
        executor.execute(() -> {
            String started = Instant.now().toString();
            try {
                MutatieservicePoller.Outcome outcome = poller.poll();
                if (outcome.runId() != null) {
                    MDC.put("runId", outcome.runId());
                }
                meters.counter("kvksync.mutatieservice.polls", "outcome", "completed").increment();
                meters.counter("kvksync.mutatieservice.signals").increment(outcome.signals());
                lastPoll.set(new LastPoll(started, Instant.now().toString(), "COMPLETED", null, outcome));
            } catch (RuntimeException e) {
                log.error("Mutatieservice poll failed; the next poll resumes from the checkpoint: {}", e.toString());
                meters.counter("kvksync.mutatieservice.polls", "outcome", "failed").increment();
                lastPoll.set(new LastPoll(started, Instant.now().toString(), "FAILED", e.getMessage(), null));
                if (scheduler != null) {
                    scheduler.schedule(this::trigger, Instant.now().plus(properties.retryAfterFailure()));
                }
            } finally {
                MDC.remove("runId");
                running.set(false);
            }
        });
        return true;
    }

    boolean running() {
        return running.get();
    }

    LastPoll lastPoll() {
        return lastPoll.get();
    }

    Checkpoint checkpoint() {
        return poller.checkpoint();
    }

    MutatieserviceProperties properties() {
        return properties;
    }

    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.shutdown();
        }
        executor.shutdownNow();
    }
}
