package nl.kvksync.review.decision;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.kvksync.contracts.OrganisationFields;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.review.Decision;
import nl.kvksync.review.platform.Caller;
import nl.kvksync.review.platform.EnvironmentAccess;
import nl.kvksync.review.platform.ProblemException;
import nl.kvksync.review.proposal.ProposalFilter;
import nl.kvksync.review.proposal.ProposalIndex;
import nl.kvksync.review.proposal.ProposalStatus;
import nl.kvksync.review.proposal.ProposalSummary;
import nl.kvksync.review.sbi.SbiCatalogue;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Decisions: {@code :accept}, {@code :reject}, {@code proposals:bulk-preview|bulk-accept|bulk-reject} and
 * {@code decisions/{id}:undo}. Publishes review.proposal-decided.v1 (key environmentId:registrationKey) through the
 * outbox in {@link DecisionService}. Idempotent: decision ids are deterministic, a retried request answers the
 * decision already taken. Deciding needs kvk-admin; the bulk preview is read-only (kvk-viewer too).
 */
@RestController
@Tag(name = "decisions")
class DecisionController {

    private static final int MAX_BULK = 50_000;
    private static final int LISTED = 1000;

    private final DecisionService service;
    private final ProposalIndex index;
    private final SbiCatalogue sbi;

    DecisionController(DecisionService service, ProposalIndex index, SbiCatalogue sbi) {
        this.service = service;
        this.index = index;
        this.sbi = sbi;
    }

    @PostMapping("/environments/{env}/proposals/{proposalId}:accept")
    @PreAuthorize("hasRole('kvk-admin')")
    @Operation(summary = "Accept a proposal (all fields, or the chosen fields of an UPDATE)")
    Mono<DecisionService.Decided> accept(@PathVariable String env, @PathVariable String proposalId,
            @RequestBody(required = false) DecisionViews.AcceptRequest body, @AuthenticationPrincipal Jwt jwt) {
        List<String> fields = body == null || body.fields() == null ? List.of() : body.fields();
        return EnvironmentAccess.require(env).then(Mono.fromCallable(() -> {
            validateFields(fields);
            return single(service.decide(env, List.of(proposalId), Decision.ACCEPTED, fields, null, Caller.of(jwt)));
        }).subscribeOn(Schedulers.boundedElastic()));
    }

    @PostMapping("/environments/{env}/proposals/{proposalId}:reject")
    @PreAuthorize("hasRole('kvk-admin')")
    @Operation(summary = "Reject a proposal with a reason")
    Mono<DecisionService.Decided> reject(@PathVariable String env, @PathVariable String proposalId,
            @RequestBody(required = false) DecisionViews.RejectRequest body, @AuthenticationPrincipal Jwt jwt) {
        return EnvironmentAccess.require(env).then(Mono.fromCallable(() -> {
            String reason = reason(body == null ? null : body.reason());
            return single(service.decide(env, List.of(proposalId), Decision.REJECTED, List.of(), reason,
                    Caller.of(jwt)));
        }).subscribeOn(Schedulers.boundedElastic()));
    }

    @PostMapping("/environments/{env}/proposals:bulk-preview")
    @PreAuthorize("hasAnyRole('kvk-admin','kvk-viewer')")
    @Operation(summary = "Count exactly what a bulk decision with this selection would decide")
    Mono<DecisionViews.BulkPreview> preview(@PathVariable String env, @RequestBody DecisionViews.BulkRequest body) {
        return EnvironmentAccess.require(env).then(Mono.fromCallable(() -> {
            List<ProposalSummary> selected = select(env, body);
            Map<String, Long> byKind = new LinkedHashMap<>();
            for (ProposalKind k : List.of(ProposalKind.UPDATE, ProposalKind.ENDED, ProposalKind.NEW)) {
                byKind.put(k.name(), 0L);
            }
            selected.forEach(s -> byKind.merge(s.kind().name(), 1L, Long::sum));
            return new DecisionViews.BulkPreview(selected.size(), byKind,
                    selected.stream().filter(ProposalSummary::conflict).count(),
                    selected.stream().limit(10).map(ProposalSummary::proposalId).toList());
        }).subscribeOn(Schedulers.boundedElastic()));
    }

    @PostMapping("/environments/{env}/proposals:bulk-accept")
    @PreAuthorize("hasRole('kvk-admin')")
    @Operation(summary = "Accept every proposal of a selection; failures are reported per proposal")
    Mono<DecisionViews.BulkResult> bulkAccept(@PathVariable String env, @RequestBody DecisionViews.BulkRequest body,
            @AuthenticationPrincipal Jwt jwt) {
        return EnvironmentAccess.require(env).then(Mono.fromCallable(() -> bulk(env, body, Decision.ACCEPTED, null,
                Caller.of(jwt))).subscribeOn(Schedulers.boundedElastic()));
    }

    @PostMapping("/environments/{env}/proposals:bulk-reject")
    @PreAuthorize("hasRole('kvk-admin')")
    @Operation(summary = "Reject every proposal of a selection with one reason; failures are reported per proposal")
    Mono<DecisionViews.BulkResult> bulkReject(@PathVariable String env, @RequestBody DecisionViews.BulkRequest body,
            @AuthenticationPrincipal Jwt jwt) {
        return EnvironmentAccess.require(env).then(Mono.fromCallable(() -> bulk(env, body, Decision.REJECTED,
                reason(body.reason()), Caller.of(jwt))).subscribeOn(Schedulers.boundedElastic()));
    }

    @PostMapping("/environments/{env}/decisions/{decisionId}:undo")
    @PreAuthorize("hasRole('kvk-admin')")
    @Operation(summary = "Undo an applied decision: a new UNDO decision restores the before-image")
    Mono<DecisionService.Decided> undo(@PathVariable String env, @PathVariable String decisionId,
            @AuthenticationPrincipal Jwt jwt) {
        return EnvironmentAccess.require(env).then(Mono.fromCallable(() -> service.undo(env, decisionId,
                Caller.of(jwt))).subscribeOn(Schedulers.boundedElastic()));
    }

    private DecisionViews.BulkResult bulk(String env, DecisionViews.BulkRequest body, Decision decision,
            String reason, Caller caller) {
        List<String> ids = body.ids() != null && body.filter() == null ? checkedIds(body.ids())
                : select(env, body).stream().map(ProposalSummary::proposalId).toList();
        DecisionService.Outcome outcome = service.decide(env, ids, decision, List.of(), reason, caller);
        List<DecisionService.Decided> listed = outcome.decided().size() > LISTED
                ? outcome.decided().subList(0, LISTED) : outcome.decided();
        return new DecisionViews.BulkResult(ids.size(), outcome.decided().size(), outcome.failures().size(),
                outcome.failures(), new ArrayList<>(listed), outcome.decided().size() > LISTED);
    }

    private List<ProposalSummary> select(String env, DecisionViews.BulkRequest body) {
        if (body == null || (body.filter() == null) == (body.ids() == null)) {
            throw ProblemException.invalid("filter", "give either a filter or ids, not both and not neither");
        }
        if (body.ids() != null) {
            List<ProposalSummary> found = new ArrayList<>();
            for (String id : checkedIds(body.ids())) {
                index.get(id).filter(s -> s.environmentId().equals(env))
                        .filter(s -> ProposalStatus.DECIDABLE.contains(s.status())).ifPresent(found::add);
            }
            return found;
        }
        ProposalFilter filter = ProposalFilter.parse(body.filter(), sbi);
        if (!ProposalStatus.DECIDABLE.contains(filter.status())) {
            throw ProblemException.invalid("filter.status", "a bulk decision selects PENDING or FAILED proposals, not "
                    + filter.status());
        }
        return index.select(env, filter, System.currentTimeMillis());
    }

    private static List<String> checkedIds(List<String> ids) {
        if (ids.isEmpty()) {
            throw ProblemException.invalid("ids", "must name at least one proposal");
        }
        if (ids.size() > MAX_BULK) {
            throw ProblemException.invalid("ids", "at most " + MAX_BULK + " proposals per request, not " + ids.size());
        }
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) == null || ids.get(i).isBlank()) {
                throw ProblemException.invalid("ids[" + i + "]", "must be a proposal id");
            }
        }
        return ids;
    }

    private static void validateFields(List<String> fields) {
        List<ProblemException.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if (!OrganisationFields.isKnown(fields.get(i))) {
                errors.add(new ProblemException.FieldError("fields[" + i + "]", "unknown organisation field '"
                        + fields.get(i) + "'; one of " + OrganisationFields.ALL));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.get(0).message(), errors);
        }
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalid("reason", "a rejection needs a reason");
        }
        if (reason.length() > 1000) {
            throw ProblemException.invalid("reason", "at most 1000 characters");
        }
        return reason.trim();
    }

    private static DecisionService.Decided single(DecisionService.Outcome outcome) {
        if (!outcome.decided().isEmpty()) {
            return outcome.decided().get(0);
        }
        DecisionService.Failure f = outcome.failures().get(0);
        throw switch (f.reason()) {
            case "NOT_FOUND" -> ProblemException.notFound("proposal", f.detail());
            case "NOT_APPLICABLE" -> ProblemException.invalid("fields", f.detail());
            default -> new ProblemException(HttpStatus.CONFLICT, "proposal-" + f.reason().toLowerCase(Locale.ROOT)
                    .replace('_', '-'), "Conflict", f.detail(), null, Map.of("proposalId", f.proposalId()));
        };
    }

    static Map<ProposalKind, Long> none() {
        return new EnumMap<>(ProposalKind.class);
    }
}
