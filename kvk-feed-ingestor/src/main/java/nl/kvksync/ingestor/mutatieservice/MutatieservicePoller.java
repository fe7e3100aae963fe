package nl.kvksync.ingestor.mutatieservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import nl.kvksync.ingestor.mutatieservice.KvkApiClient.SignalInfo;
import nl.kvksync.ingestor.mutatieservice.KvkApiClient.SignalPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One poll of the Mutatieservice: picks the window [checkpoint, now), pages through its signals, appends one feed
 * line per signal to the window file page by page (each page flushed to disk, then checkpointed), and hands the
 * finished window to the feed runs. A crash or a KvK outage stops it between pages; the next poll truncates the
 * window file to the checkpointed length and goes on from the checkpointed page, so every signal of the window is
 * in the run exactly once. A window handed over twice (crash after the hand-over) is the same content, which the
 * feed runs treat as a no-op. Not thread-safe: one poll at a time.
 */
public class MutatieservicePoller {

    private static final Logger log = LoggerFactory.getLogger(MutatieservicePoller.class);

    /** Where a finished window goes: the feed runs. Returns the run id. */
    @FunctionalInterface
    public interface WindowSink {
        String submit(String name, Path windowFile);
    }

    /** What one poll did. */
    public record Outcome(String subscriptionId, String from, String to, long signals, String runId) {
    }

    private final KvkApiClient api;
    private final MutatieserviceProperties properties;
    private final WindowSink sink;
    private final Clock clock;
    private final Path checkpointFile;
    private final Path windowFile;

    public MutatieservicePoller(KvkApiClient api, MutatieserviceProperties properties, WindowSink sink, Clock clock) {
        this.api = api;
        this.properties = properties;
        this.sink = sink;
        this.clock = clock;
        this.checkpointFile = properties.stateDir().resolve("checkpoint.json");
        this.windowFile = properties.stateDir().resolve("window.jsonl.part");
    }

    public Checkpoint checkpoint() {
        try {
            if (!Files.exists(checkpointFile)) {
                return Checkpoint.empty();
            }
            return SignalFeedLine.JSON.readValue(Files.readString(checkpointFile), Checkpoint.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Mutatieservice checkpoint " + checkpointFile, e);
        }
    }

    public Outcome poll() {
        Checkpoint c = checkpoint();
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        if (!c.inWindow()) {
            String subscription = subscription(c);
            String from = c.completedUntil() != null ? c.completedUntil()
                    : clock.instant().minus(properties.firstWindow()).truncatedTo(ChronoUnit.SECONDS).toString();
            c = c.startWindow(subscription, from, now, now);
            save(c);
            log.info("Mutatieservice: fetching the signals of {} from {} to {}", subscription, from, now);
        } else {
            log.info("Mutatieservice: resuming the window {} to {} at page {}", c.windowFrom(), c.windowTo(),
                    c.nextPage());
        }
        if (!c.complete()) {
            c = fetchPages(c);
        }
        String runId = null;
        if (c.lines() > 0) {
            if (!Files.exists(windowFile)) {
                throw new IllegalStateException("the Mutatieservice window file " + windowFile + " is gone; delete "
                        + checkpointFile + " to fetch the window again");
            }
            String name = "mutatieservice-" + c.subscriptionId() + "-" + c.windowFrom() + "-" + c.windowTo() + ".jsonl";
            runId = sink.submit(name, windowFile);
            log.info("Mutatieservice: {} signals from {} to {} handed over as run {}", c.lines(), c.windowFrom(),
                    c.windowTo(), runId);
        }
        Outcome outcome = new Outcome(c.subscriptionId(), c.windowFrom(), c.windowTo(), c.lines(), runId);
        save(c.windowDone(runId, now));
        try {
            Files.deleteIfExists(windowFile);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", windowFile, e.toString());
        }
        return outcome;
    }

    private String subscription(Checkpoint c) {
        if (!properties.subscriptionId().isBlank()) {
            return properties.subscriptionId();
        }
        if (c.subscriptionId() != null) {
            return c.subscriptionId();
        }
        return api.subscriptions().stream().filter(KvkApiClient.Subscription::active).findFirst()
                .map(KvkApiClient.Subscription::id)
                .orElseThrow(() -> new IllegalStateException("GET /v1/abonnementen lists no active abonnement; set "
                        + "kvksync.ingestor.mutatieservice.subscription-id"));
    }

    private Checkpoint fetchPages(Checkpoint c) {
        try (FileChannel out = FileChannel.open(windowFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (out.size() < c.partBytes()) {
                log.warn("Mutatieservice window file is shorter than its checkpoint; fetching the window again");
                c = c.pageDone(1, 0, 0, c.updatedAt());
            }
            out.truncate(c.partBytes()); // drop a page written but not checkpointed before a crash
            out.position(c.partBytes());
            Map<String, String> owners = new HashMap<>();
            int page = c.nextPage();
            while (true) {
                SignalPage signals = api.signals(c.subscriptionId(), c.windowFrom(), c.windowTo(), page,
                        properties.pageSize());
                StringBuilder lines = new StringBuilder();
                for (SignalInfo signal : signals.signals()) {
                    lines.append(line(c.subscriptionId(), signal, owners)).append('\n');
                }
                ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
                c = c.pageDone(page + 1, out.position(), c.lines() + signals.signals().size(), now());
                save(c);
                if (signals.signals().isEmpty() || page >= signals.totalPages()) {
                    break;
                }
                page++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Mutatieservice window file " + windowFile, e);
        }
        c = c.allPagesIn(now());
        save(c);
        return c;
    }

    private String line(String subscription, SignalInfo signal, Map<String, String> owners) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Amsterdam"));
        JsonNode detail;
        try {
            detail = api.signal(subscription, signal.id());
        } catch (KvkApiException e) {
            // the list item still says which registration changed: go on without the details
            log.warn("signal {} details not available: {}", signal.id(), e.getMessage());
            detail = SignalFeedLine.JSON.createObjectNode();
        }
        String vestigingsnummer = SignalFeedLine.vestigingsnummer(signal, detail);
        try {
            if (vestigingsnummer != null) {
                String profile = api.vestigingsprofiel(vestigingsnummer);
                String owner = signal.kvkNummer() == null ? null : owners.computeIfAbsent(signal.kvkNummer(), kvk -> {
                    try {
                        return api.eigenaar(kvk);
                    } catch (KvkApiException e) {
                        log.warn("owner of {} not available: {}", kvk, e.getMessage());
                        return null;
                    }
                });
                return SignalFeedLine.line(signal, detail, profile, owner, today);
            }
            if (signal.kvkNummer() == null) {
                throw new KvkApiException("signal " + signal.id(), 0, java.util.List.of(
                        new KvkApiException.Fout("NO_KVK_NUMMER", "the signal names no kvknummer")), "");
            }
            return SignalFeedLine.line(signal, detail, api.basisprofiel(signal.kvkNummer()), null, today);
        } catch (KvkApiException e) {
            log.warn("profile behind signal {} not available: {}", signal.id(), e.getMessage());
            return SignalFeedLine.failedLine(signal, detail, vestigingsnummer, e, today);
        }
    }

    private void save(Checkpoint c) {
        try {
            Files.createDirectories(properties.stateDir());
            Path tmp = properties.stateDir().resolve("checkpoint.json.tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(SignalFeedLine.JSON.writeValueAsBytes(c)));
                ch.force(true);
            }
            Files.move(tmp, checkpointFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Mutatieservice checkpoint " + checkpointFile, e);
        }
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
