package nl.kvksync.review.proposal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** The JSON shapes of the proposal API. */
public final class ProposalViews {

    private ProposalViews() {
    }

    @Schema(description = "One proposal in a list")
    public record Item(String proposalId, String kind, String status, String registrationKey, String organisationId,
            String tradeName, String kvkNummer, String city, Integer postcode, String sbiCode, String sbiSection,
            List<String> fields, boolean conflict, List<String> conflictFields, Instant raisedAt, long ageDays,
            boolean stale, String decisionId, String failure, String feedId, String importId) {

        public static Item of(ProposalSummary s, long now, long staleMillis) {
            long age = Math.max(0, now - s.raisedAt());
            return new Item(s.proposalId(), s.kind().name(), s.status().name(), s.registrationKey(),
                    s.organisationId(), s.tradeName(), s.kvkNummer(), s.city(),
                    s.postcode4() < 0 ? null : s.postcode4(), s.sbiCode(), s.sbiSection(), s.fields(), s.conflict(),
                    s.conflictFields(), Instant.ofEpochMilli(s.raisedAt()), age / 86_400_000L,
                    s.status() == ProposalStatus.PENDING && age >= staleMillis, s.decisionId(), s.failure(),
                    s.feedId(), s.importId());
        }
    }

    @Schema(description = "A page of proposals with the pending counts per tab")
    public record Page(List<Item> items, int page, int size, long total, Map<String, Long> counts) {
    }

    @Schema(description = "Why a proposal exists")
    public record Reason(String kind, String detail, String profileId, String profileName, String postcodeRange,
            String sbiRule, String organisationId) {
    }

    @Schema(description = "The CRM organisation a proposal is about, as the read model knows it")
    public record OrganisationRef(String organisationId, String type, String status, long version,
            boolean subscribed) {
    }

    @Schema(description = "KvK facts beyond the synced fields")
    public record RegistrationFacts(String registrationKey, String status, String endDate, String endReason,
            String effectiveDate, List<String> tradeNames, List<String> sbiCodes, String legalForm) {
    }

    @Schema(description = "One proposal with its three-way diff, reasons and history")
    public record Detail(Item proposal, List<FieldDiff> diff, List<Reason> reasons, RegistrationFacts registration,
            OrganisationRef organisation, String organisationType, String supersededBy, int attempts,
            List<StoredProposal.HistoryEntry> history) {
    }
}
