package nl.kvksync.review.decision;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.mongodb.client.model.Filters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.kvksync.review.platform.EnvironmentAccess;
import nl.kvksync.review.platform.ProblemException;
import org.bson.conversions.Bson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The audit trail of an environment: every decision with who, when, state and the fields before and after,
 * newest first, as JSON ({@code GET /environments/{env}/audit}) or CSV ({@code GET /environments/{env}/audit.csv},
 * one row per changed field). Read-only: kvk-viewer or kvk-admin; another environment answers 404.
 */
@RestController
@Tag(name = "audit")
@PreAuthorize("hasAnyRole('kvk-admin','kvk-viewer')")
class AuditController {

    private final DecisionStore decisions;

    AuditController(DecisionStore decisions) {
        this.decisions = decisions;
    }

    @GetMapping("/environments/{env}/audit")
    @Operation(summary = "The decisions of an environment, newest first; filters decision, decidedBy, proposalId")
    Mono<DecisionViews.AuditPage> audit(@PathVariable String env, @RequestParam Map<String, String> params) {
        return EnvironmentAccess.require(env).then(Mono.fromCallable(() -> {
            int page = number(params, "page", 0, 0, 1_000_000);
            int size = number(params, "size", 50, 1, 500);
            Bson filter = filter(params);
            List<DecisionViews.AuditEntry> items = new ArrayList<>();
            long[] total = {0};
            long skip = (long) page * size;
            decisions.forEachOfEnvironment(env, filter, d -> {
                if (total[0] >= skip && items.size() < size) {
                    items.add(DecisionViews.AuditEntry.of(d));
                }
                total[0]++;
            });
            return new DecisionViews.AuditPage(items, page, size, total[0]);
        }).subscribeOn(Schedulers.boundedElastic()));
    }

    @GetMapping(value = "/environments/{env}/audit.csv", produces = "text/csv")
    @Operation(summary = "The audit trail as CSV, one row per changed field (same filters)")
    Mono<ResponseEntity<byte[]>> csv(@PathVariable String env, @RequestParam Map<String, String> params) {
        return EnvironmentAccess.require(env).then(Mono.fromCallable(() -> {
            StringBuilder out = new StringBuilder("decidedAt,decisionId,decision,kind,state,proposalId,"
                    + "registrationKey,organisationId,tradeName,decidedBy,reason,appliedAt,failure,undoOf,field,"
                    + "before,after\r\n");
            decisions.forEachOfEnvironment(env, filter(params), d -> {
                List<DecisionRecord.Change> changes = d.changes().isEmpty()
                        ? List.of(new DecisionRecord.Change(null, null, null)) : d.changes();
                for (DecisionRecord.Change c : changes) {
                    row(out, Instant.ofEpochMilli(d.decidedAt()).toString(), d.decisionId(), d.decision(), d.kind(),
                            d.state().name(), d.proposalId(), d.registrationKey(), d.organisationId(), d.tradeName(),
                            d.decidedBy(), d.reason(),
                            d.appliedAt() == null ? null : Instant.ofEpochMilli(d.appliedAt()).toString(),
                            d.failure(), d.undoOf(), c.field(), c.before(), c.after());
                }
            });
            return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-" + env + ".csv\"")
                    .body(out.toString().getBytes(StandardCharsets.UTF_8));
        }).subscribeOn(Schedulers.boundedElastic()));
    }

    private static Bson filter(Map<String, String> params) {
        List<Bson> filters = new ArrayList<>();
        String decision = params.get("decision");
        if (decision != null && !decision.isBlank()) {
            String d = decision.trim().toUpperCase(Locale.ROOT);
            if (!List.of("ACCEPTED", "REJECTED", "UNDO").contains(d)) {
                throw ProblemException.invalid("decision", "must be ACCEPTED, REJECTED or UNDO, not '" + decision + "'");
            }
            filters.add(Filters.eq("decision", d));
        }
        for (String field : List.of("decidedBy", "proposalId")) {
            String value = params.get(field);
            if (value != null && !value.isBlank()) {
                filters.add(Filters.eq(field, value.trim()));
            }
        }
        return filters.isEmpty() ? null : Filters.and(filters);
    }

    /** One CSV row (RFC 4180); a cell that a spreadsheet would run as a formula is prefixed with an apostrophe. */
    static void row(StringBuilder out, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            String cell = cells[i] == null ? "" : cells[i];
            if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
                cell = "'" + cell;
            }
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                    || cell.indexOf('\r') >= 0) {
                cell = '"' + cell.replace("\"", "\"\"") + '"';
            }
            out.append(cell);
        }
        out.append("\r\n");
    }

    private static int number(Map<String, String> params, String name, int fallback, int min, int max) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(name, "must be a whole number from " + min + " to " + max);
        }
    }
}
