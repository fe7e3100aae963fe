package nl.kvksync.ingestor.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.kvksync.ingestor.platform.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Feed runs over HTTP. {@code POST /runs} streams the body (the feed file, JSON Lines, gzip recognised by its magic
 * bytes) to the spool directory, hashing it on the way ({@link SpoolWriter}: no second pass over a gigabyte), and
 * answers 202 with the queued run, or 200 with the earlier run when the same content was ingested before (a no-op).
 * {@code GET /runs} and {@code GET /runs/{runId}} report progress and counts.
 * Starting runs needs kvk-admin; reading them kvk-admin or kvk-viewer. Nothing is published from this thread: the
 * run thread does that, exactly once.
 */
@RestController
@RequestMapping("/runs")
@Tag(name = "runs", description = "weekly feed runs")
class RunController {

    /** A run as the API shows it. */
    record RunView(String runId, String name, String source, String status, long read, long published,
            long unchanged, long rejected, Map<String, Long> byKind, Map<String, Long> byReason, long events,
            long line, double progress, long sizeBytes, String contentHash, String submittedAt, String startedAt,
            String finishedAt, String error, String duplicateOf) {

        static RunView of(RunState r) {
            return new RunView(r.runId, r.name, r.source, r.status.name(), r.read, r.published, r.unchanged,
                    r.rejected, r.byKindComplete(), r.byReason, r.events, r.line, r.progress, r.sizeBytes,
                    r.contentHash, r.submittedAt, r.startedAt, r.finishedAt, r.error, r.duplicateOf);
        }
    }

    private final RunService runs;
    private final RunRegistry registry;

    RunController(RunService runs, RunRegistry registry) {
        this.runs = runs;
        this.registry = registry;
    }

    @PostMapping
    @PreAuthorize("hasRole('kvk-admin')")
    @Operation(summary = "Ingest a feed file", description = "Body: the file (application/x-ndjson, or "
            + "application/gzip for .jsonl.gz). 202 with the queued run; 200 with the earlier run when this content "
            + "was ingested before.")
    Mono<ResponseEntity<RunView>> upload(
            @Parameter(description = "file name shown in reports") @RequestHeader(name = "X-Feed-Name",
                    required = false) String feedName,
            ServerHttpRequest request) {
        String name = feedName == null || feedName.isBlank() ? "upload-" + Instant.now() : feedName.strip();
        if (name.length() > 255 || name.chars().anyMatch(Character::isISOControl)) {
            return Mono.error(Problems.invalid("invalid-feed-name", "X-Feed-Name must be a file name of at most "
                    + "255 printable characters", "X-Feed-Name", "too long or has control characters"));
        }
        return Mono.fromCallable(runs::newSpoolFile).subscribeOn(Schedulers.boundedElastic())
                .flatMap(tmp -> SpoolWriter.write(request.getBody(), tmp, Schedulers.boundedElastic())
                        .flatMap(hash -> Mono.fromCallable(() -> accept(name, tmp, hash))
                                .subscribeOn(Schedulers.boundedElastic()))
                        .doOnError(e -> deleteQuietly(tmp)));
    }

    private ResponseEntity<RunView> accept(String name, Path tmp, String contentHash) throws IOException {
        if (Files.size(tmp) == 0) {
            deleteQuietly(tmp);
            throw Problems.invalid("empty-feed", "the request body is empty: send the feed file as the body",
                    "body", "empty");
        }
        try {
            RunService.Submission s = runs.submit(name, "FILE", tmp, contentHash);
            return ResponseEntity.status(s.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(RunView.of(s.run()));
        } catch (RunService.NotReady e) {
            throw Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "starting", "Starting", e.getMessage());
        }
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('kvk-admin', 'kvk-viewer')")
    @Operation(summary = "All runs, newest first")
    Mono<List<RunView>> list() {
        return Mono.fromSupplier(() -> registry.all().stream().map(RunView::of).toList());
    }

    @GetMapping("/{runId}")
    @PreAuthorize("hasAnyRole('kvk-admin', 'kvk-viewer')")
    @Operation(summary = "One run: status, progress and counts")
    Mono<RunView> get(@PathVariable String runId) {
        return Mono.fromSupplier(() -> registry.get(runId).map(RunView::of).orElseThrow(() -> Problems.problem(
                HttpStatus.NOT_FOUND, "run-not-found", "Run not found", "there is no feed run " + runId)));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover .part file is harmless
        }
    }
}
