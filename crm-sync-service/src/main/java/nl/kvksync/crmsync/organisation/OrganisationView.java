package nl.kvksync.crmsync.organisation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import nl.kvksync.contracts.OrganisationFields;
import nl.kvksync.contracts.crm.FieldProvenance;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.kvk.Address;

/** An organisation as the API shows it: structured fields, their display form, and where each value came from. */
@Schema(name = "Organisation")
record OrganisationView(
        String organisationId, String environmentId,
        @Schema(description = "customer, prospect, ... (the environment's types)") String type,
        @Schema(allowableValues = {"ACTIVE", "FORMER"}) String status,
        @Schema(description = "former organisations: when the registration ended", example = "2026-11-27") String endDate,
        @Schema(description = "former organisations: why", example = "BANKRUPT") String endReason,
        @Schema(description = "the KvK link: vestigingsnummer, or kvk:<kvkNummer>") String registrationKey,
        @Schema(description = "receives KvK updates") boolean subscribed,
        @Schema(description = "how the subscription came to be", example = "LINKED") String subscriptionOrigin,
        String tradeName, String statutoryName, String website, String phone,
        AddressView visitingAddress, AddressView postalAddress,
        String sbiCode, String sbiDescription, Integer employees, String kvkNummer, String vestigingsnummer,
        String foundingDate, String rsin,
        @Schema(example = "BV") String legalForm,
        @Schema(description = "the rechtsvorm as KvK spells it") String legalFormText,
        @Schema(description = "display form of every synced field, as diffs and events show it") Map<String, String> display,
        @Schema(description = "per synced field: source KVK or USER, when and by whom it last changed, KvK's value at the last sync")
        Map<String, ProvenanceView> provenance,
        @Schema(description = "optimistic-locking version; send it as If-Match") long version,
        Instant createdAt, Instant updatedAt, String createdBy) {

    /** An address as the KvK registers it. */
    @Schema(name = "Address")
    record AddressView(String street, Integer houseNumber, String houseLetter, String houseNumberAddition,
            String addition, Integer poBox, @Schema(example = "1034WL") String postcode, String city,
            String streetAndNumber, String postcodeAndCity, String region, String country, boolean shielded) {

        static AddressView of(Address a) {
            return a == null ? null : new AddressView(a.getStreet(), a.getHouseNumber(), a.getHouseLetter(),
                    a.getHouseNumberAddition(), a.getAddition(), a.getPoBox(), a.getPostcode(), a.getCity(),
                    a.getStreetAndNumber(), a.getPostcodeAndCity(), a.getRegion(), a.getCountry(), a.getShielded());
        }
    }

    /** Where a field's value came from. */
    @Schema(name = "FieldProvenance")
    record ProvenanceView(@Schema(allowableValues = {"KVK", "USER", "SYSTEM"}) String source, Instant changedAt,
            String changedBy, @Schema(description = "KvK's display value at the last sync of this field") String kvkValue,
            @Schema(description = "when KvK last set or confirmed this field") Instant syncedAt) {

        static ProvenanceView of(FieldProvenance p) {
            return new ProvenanceView(p.getSource().name(), p.getChangedAt(), p.getChangedBy(), p.getKvkValue(),
                    p.getSyncedAt());
        }
    }

    static OrganisationView of(OrganisationDocument d) {
        Organisation o = d.state();
        Map<String, ProvenanceView> provenance = new LinkedHashMap<>();
        for (String field : OrganisationFields.ALL) {
            FieldProvenance p = o.getProvenance().get(field);
            if (p != null) {
                provenance.put(field, ProvenanceView.of(p));
            }
        }
        return new OrganisationView(o.getOrganisationId(), o.getEnvironmentId(), o.getType(), o.getStatus().name(),
                o.getEndDate(), o.getEndReason() == null ? null : o.getEndReason().name(), o.getRegistrationKey(),
                o.getSubscribed(), d.subscriptionOrigin() == null ? null : d.subscriptionOrigin().name(),
                o.getTradeName(), o.getStatutoryName(), o.getWebsite(), o.getPhone(),
                AddressView.of(o.getVisitingAddress()), AddressView.of(o.getPostalAddress()), o.getSbiCode(),
                o.getSbiDescription(), o.getEmployees(), o.getKvkNummer(), o.getVestigingsnummer(), o.getFoundingDate(),
                o.getRsin(), o.getLegalForm() == null ? null : o.getLegalForm().name(), o.getLegalFormText(),
                OrganisationFields.of(o), provenance, o.getVersion(), o.getCreatedAt(), o.getUpdatedAt(),
                d.createdBy());
    }
}
