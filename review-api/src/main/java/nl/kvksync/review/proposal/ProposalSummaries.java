package nl.kvksync.review.proposal;

import java.util.List;

import nl.kvksync.contracts.OrganisationFields;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.SbiActivity;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.review.sbi.SbiCatalogue;

/** Builds the summary of a proposal from its event and the CRM read model. Plain, unit-tested. */
final class ProposalSummaries {

    private ProposalSummaries() {
    }

    static ProposalSummary of(ProposalRaised e, Organisation organisation, ProposalStatus status, SbiCatalogue sbi) {
        Registration r = e.getRegistration();
        List<FieldDiff> diff = ThreeWayDiff.of(e.getPrevious(), r, organisation);
        Address address = r.getVisitingAddress() != null ? r.getVisitingAddress() : r.getPostalAddress();
        SbiActivity primary = OrganisationFields.primarySbi(r);
        String sbiCode = primary == null ? null : primary.getCode();
        String tradeName = r.getTradeName() != null ? r.getTradeName() : r.getStatutoryName();
        return new ProposalSummary(e.getProposalId(), e.getEnvironmentId(), e.getRegistrationKey(), e.getKind(),
                e.getOrganisationId(), status, e.getOccurredAt().toEpochMilli(), tradeName, r.getKvkNummer(),
                address == null ? null : address.getCity(), postcode4(address), sbiCode, sbi.sectionOf(sbiCode),
                ThreeWayDiff.changedFields(diff), ThreeWayDiff.conflictFields(diff), null, null, e.getFeedId(),
                e.getImportId());
    }

    /** The four digits of a Dutch postcode (1234AB), or -1. */
    static int postcode4(Address address) {
        if (address == null || address.getPostcode() == null || address.getPostcode().length() < 4) {
            return -1;
        }
        String digits = address.getPostcode().substring(0, 4);
        return digits.chars().allMatch(Character::isDigit) ? Integer.parseInt(digits) : -1;
    }
}
