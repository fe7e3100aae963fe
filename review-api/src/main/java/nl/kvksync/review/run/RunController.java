package nl.kvksync.review.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.kvksync.review.platform.EnvironmentAccess;
import nl.kvksync.review.platform.ProblemException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The weekly runs summary of an environment: {@code GET /environments/{env}/runs?limit=} — the latest feed runs
 * (from kvk.feed-runs.v1) with counts per kind and this environment's proposals per kind. Read-only: kvk-viewer or
 * kvk-admin; another environment answers 404.
 */
@RestController
@Tag(name = "runs")
@PreAuthorize("hasAnyRole('kvk-admin','kvk-viewer')")
class RunController {

    @Schema(description = "A feed run: what the ingestor read, published, found unchanged and rejected; and the "
            + "proposals it raised in this environment per kind")
    record RunView(String feedId, String name, String source, Instant startedAt, Instant finishedAt, long read,
            long published, long unchanged, long rejected, Map<String, Long> publishedByKind,
            Map<String, Long> rejectedByReason, Map<String, Long> proposals) {
    }

    private final FeedRunStore runs;

    RunController(FeedRunStore runs) {
        this.runs = runs;
    }

    @GetMapping("/environments/{env}/runs")
    @Operation(summary = "The latest feed runs, newest first (limit 1-104, default 12)")
    Mono<List<RunView>> list(@PathVariable String env, @RequestParam(required = false) String limit) {
        return EnvironmentAccess.require(env).then(Mono.fromCallable(() -> {
            int n = 12;
            if (limit != null) {
                try {
                    n = Integer.parseInt(limit);
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n < 1 || n > 104) {
                    throw ProblemException.invalid("limit", "must be a whole number from 1 to 104");
                }
            }
            return runs.latest(env, n).stream().map(r -> new RunView(r.feedId(), r.name(), r.source(),
                    Instant.ofEpochMilli(r.startedAt()), Instant.ofEpochMilli(r.finishedAt()), r.read(),
                    r.published(), r.unchanged(), r.rejected(), r.publishedByKind(), r.rejectedByReason(),
                    r.proposals())).toList();
        }).subscribeOn(Schedulers.boundedElastic()));
    }
}
