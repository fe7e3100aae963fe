package nl.kvksync.ingestor.mutatieservice;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The Mutatieservice source over HTTP: {@code POST /mutatieservice:poll} starts a poll now (kvk-admin; 409 while one
 * runs), {@code GET /mutatieservice} shows the checkpoint, the window being fetched and the last poll (kvk-admin,
 * kvk-viewer). The poll itself runs in the background; its window becomes a feed run visible under {@code GET /runs}.
 */
@RestController
@Tag(name = "Mutatieservice", description = "The KvK Mutatieservice as a feed source")
class MutatieserviceController {

    private final MutatieserviceSource source;

    MutatieserviceController(MutatieserviceSource source) {
        this.source = source;
    }

    @PostMapping("/mutatieservice:poll")
    @PreAuthorize("hasRole('kvk-admin')")
    @Operation(summary = "Poll the Mutatieservice now",
            description = "Fetches the signals since the checkpoint in the background and hands them to a feed run. "
                    + "202 when started; 409 (problem+json) while a poll is running.")
    Mono<ResponseEntity<Map<String, Object>>> poll() {
        return Mono.fromCallable(() -> {
            if (!source.trigger()) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                        "a Mutatieservice poll is running; follow it with GET /mutatieservice");
                problem.setType(URI.create("https://kvksync.nl/problems/mutatieservice-poll-running"));
                problem.setTitle("Poll already running");
                throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
            }
            return ResponseEntity.accepted().body(Map.<String, Object>of("status", "STARTED"));
        });
    }

    @GetMapping("/mutatieservice")
    @PreAuthorize("hasAnyRole('kvk-admin', 'kvk-viewer')")
    @Operation(summary = "Where the Mutatieservice source stands",
            description = "Schedule, checkpoint (completedUntil), the window being fetched and the last poll.")
    Mono<Map<String, Object>> status() {
        // the checkpoint is a small file: read it off the event loop
        return Mono.fromCallable(this::snapshot).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
    }

    private Map<String, Object> snapshot() {
        MutatieserviceProperties p = source.properties();
        // The poll's state first, the checkpoint after it: a poll checkpoints before it counts as finished, so a
        // finished poll is never shown with the checkpoint from before it.
        boolean running = source.running();
        Object lastPoll = source.lastPoll();
        Checkpoint c = source.checkpoint();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", p.enabled());
        body.put("baseUrl", p.baseUrl().toString());
        body.put("cron", p.cron());
        body.put("zone", p.zone());
        body.put("subscriptionId", c.subscriptionId() != null ? c.subscriptionId() : p.subscriptionId());
        body.put("completedUntil", c.completedUntil());
        if (c.inWindow()) {
            Map<String, Object> window = new LinkedHashMap<>();
            window.put("from", c.windowFrom());
            window.put("to", c.windowTo());
            window.put("nextPage", c.nextPage());
            window.put("signals", c.lines());
            window.put("allPagesFetched", c.complete());
            body.put("window", window);
        }
        body.put("lastRunId", c.lastRunId());
        body.put("running", running);
        body.put("lastPoll", lastPoll);
        return body;
    }
}
