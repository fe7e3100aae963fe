package nl.kvksync.review.proposal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.SbiActivity;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.review.organisation.OrganisationReadModel;
import nl.kvksync.review.platform.EnvironmentAccess;
import nl.kvksync.review.platform.ProblemException;
import nl.kvksync.review.sbi.SbiCatalogue;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The queue of an environment: {@code GET /environments/{env}/proposals} (filters, paging, counts per tab) and
 * {@code GET /environments/{env}/proposals/{proposalId}} (three-way diff, reasons, history). Read-only: kvk-viewer
 * or kvk-admin; another environment's proposals answer 404. Open proposals are served from the in-memory index,
 * decided ones from MongoDB.
 */
@RestController
@Tag(name = "proposals")
@PreAuthorize("hasAnyRole('kvk-admin','kvk-viewer')")
class ProposalController {

    private final ProposalIndex index;
    private final ProposalStore store;
    private final OrganisationReadModel organisations;
    private final SbiCatalogue sbi;
    private final ProposalProperties properties;

    ProposalController(ProposalIndex index, ProposalStore store, OrganisationReadModel organisations,
            SbiCatalogue sbi, ProposalProperties properties) {
        this.index = index;
        this.store = store;
        this.organisations = organisations;
        this.sbi = sbi;
        this.properties = properties;
    }

    @GetMapping("/environments/{env}/proposals")
    @Operation(summary = "List proposals", description = "Filters: kind (UPDATE|ENDED|NEW), status (default PENDING), "
            + "field (an organisation field KvK changed), conflict, sbiSection (A-V), postcodeFrom/postcodeTo "
            + "(four digits), olderThan (days or ISO-8601 duration). counts: pending-filter matches per kind.")
    Mono<ProposalViews.Page> list(@PathVariable String env,
            @Parameter(description = "filters as described") @RequestParam Map<String, String> params) {
        return EnvironmentAccess.require(env).then(Mono.defer(() -> {
            ProposalFilter filter = ProposalFilter.parse(params, sbi);
            int page = intParam(params, "page", 0, 0, Integer.MAX_VALUE / 1000);
            int size = intParam(params, "size", 50, 1, properties.maxPageSize());
            long now = System.currentTimeMillis();
            if (filter.status().open()) {
                return Mono.just(page(index.page(env, filter, page, size, now), page, size, now));
            }
            if (filter.byStatusAndKindOnly()) {
                return Mono.fromCallable(() -> page(store.closedPage(env, filter.status(), filter.kind(), page, size),
                        page, size, now)).subscribeOn(Schedulers.boundedElastic());
            }
            return Mono.fromCallable(() -> {
                List<ProposalSummary> all = store.list(env, filter.status(), null);
                Map<ProposalKind, Long> counts = ProposalIndex.Page.zeroCounts();
                ProposalFilter anyKind = filter.withKind(null);
                List<ProposalSummary> matching = all.stream().filter(s -> anyKind.matches(s, now))
                        .peek(s -> counts.merge(s.kind(), 1L, Long::sum))
                        .filter(s -> filter.kind() == null || s.kind() == filter.kind()).toList();
                List<ProposalSummary> items = matching.stream().skip((long) page * size).limit(size).toList();
                return page(new ProposalIndex.Page(items, matching.size(), counts), page, size, now);
            }).subscribeOn(Schedulers.boundedElastic());
        }));
    }

    @GetMapping("/environments/{env}/proposals/{proposalId}")
    @Operation(summary = "One proposal with its three-way diff (KvK at last sync, CRM now, KvK new), reasons and history")
    Mono<ProposalViews.Detail> get(@PathVariable String env, @PathVariable String proposalId) {
        return EnvironmentAccess.require(env).then(Mono.fromCallable(() -> {
            StoredProposal stored = store.find(proposalId)
                    .filter(p -> p.summary().environmentId().equals(env))
                    .orElseThrow(() -> ProblemException.notFound("proposal", "proposal " + proposalId
                            + " not found in environment " + env));
            return detail(stored);
        }).subscribeOn(Schedulers.boundedElastic()));
    }

    private ProposalViews.Detail detail(StoredProposal stored) {
        ProposalRaised e = stored.event();
        ProposalSummary summary = index.get(stored.summary().proposalId()).orElse(stored.summary());
        Organisation organisation = organisations.find(e.getEnvironmentId(), e.getOrganisationId()).orElse(null);
        Registration r = e.getRegistration();
        List<ProposalViews.Reason> reasons = e.getReasons().stream().map(x -> new ProposalViews.Reason(
                x.getKind().name(), x.getDetail(), x.getProfileId(), x.getProfileName(), x.getPostcodeRange(),
                x.getSbiRule(), x.getOrganisationId())).toList();
        var facts = new ProposalViews.RegistrationFacts(r.getRegistrationKey(), r.getStatus().name(), r.getEndDate(),
                r.getEndReason() == null ? null : r.getEndReason().name(), e.getEffectiveDate(), r.getTradeNames(),
                r.getSbiActivities().stream().map(SbiActivity::getCode).toList(),
                r.getLegalForm() == null ? null : r.getLegalForm().name());
        var organisationRef = organisation == null ? null : new ProposalViews.OrganisationRef(
                organisation.getOrganisationId(), organisation.getType(), organisation.getStatus().name(),
                organisation.getVersion(), organisation.getSubscribed());
        long now = System.currentTimeMillis();
        return new ProposalViews.Detail(ProposalViews.Item.of(summary, now, properties.staleAfter().toMillis()),
                ThreeWayDiff.of(e.getPrevious(), r, organisation), reasons, facts, organisationRef,
                e.getOrganisationType(), stored.supersededBy(), stored.attempts(), stored.history());
    }

    private ProposalViews.Page page(ProposalIndex.Page page, int number, int size, long now) {
        long stale = properties.staleAfter().toMillis();
        Map<String, Long> counts = new LinkedHashMap<>();
        page.counts().forEach((k, v) -> counts.put(k.name(), v));
        return new ProposalViews.Page(page.items().stream().map(s -> ProposalViews.Item.of(s, now, stale)).toList(),
                number, size, page.total(), counts);
    }

    static int intParam(Map<String, String> params, String name, int fallback, int min, int max) {
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
            throw ProblemException.invalid(name, "must be a whole number from " + min + " to " + max + ", not '"
                    + value + "'");
        }
    }
}
