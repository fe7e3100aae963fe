package nl.kvksync.review.support;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.kvksync.contracts.crm.ChangeSource;
import nl.kvksync.contracts.crm.FieldChange;
import nl.kvksync.contracts.crm.FieldProvenance;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.crm.OrganisationChangeKind;
import nl.kvksync.contracts.crm.OrganisationChanged;
import nl.kvksync.contracts.crm.OrganisationStatus;
import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.LegalForm;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.contracts.kvk.SbiActivity;
import nl.kvksync.contracts.kvk.SbiVersion;
import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.contracts.matcher.ProposalReason;
import nl.kvksync.contracts.matcher.ReasonKind;

/**
 * Object mother for the Avro fixtures of review-api's tests, with values shaped like the real KvK test environment's
 * (vestigingsnummer 000038509504, KvK 69599084, RSIN 992760562, Abebe Bikilalaan 17, 1034WL Amsterdam).
 */
public final class Fixtures {

    private Fixtures() {
    }

    public static Registration registration(String registrationKey, String tradeName, String postcode, String sbi) {
        return Registration.newBuilder().setRegistrationKey(registrationKey).setKvkNummer("69599084")
                .setVestigingsnummer(registrationKey.startsWith("kvk:") ? null : registrationKey)
                .setRsin("992760562").setStatus(RegistrationStatus.ACTIVE).setTradeName(tradeName)
                .setTradeNames(List.of(tradeName)).setStatutoryName("Test EMZ Dagobert B.V.")
                .setWebsite("https://www.example.nl").setPhone(null)
                .setVisitingAddress(Address.newBuilder().setStreet("Abebe Bikilalaan").setHouseNumber(17)
                        .setPostcode(postcode).setCity("Amsterdam").setCountry("Nederland").build())
                .setPostalAddress(null)
                .setSbiActivities(List.of(SbiActivity.newBuilder().setCode(sbi).setDescription("activity " + sbi)
                        .setPrimary(true).setVersion(SbiVersion.SBI2008).build()))
                .setEmployees(12).setFoundingDate("2017-01-08").setLegalForm(LegalForm.BV)
                .setLegalFormText("Besloten vennootschap met gewone structuur").build();
    }

    public static ProposalRaised update(String env, String registrationKey, String organisationId, String feedId,
            Registration previous, Registration next, Instant raisedAt) {
        return proposal(env, registrationKey, ProposalKind.UPDATE, organisationId, feedId, previous, next, raisedAt);
    }

    public static ProposalRaised proposal(String env, String registrationKey, ProposalKind kind, String organisationId,
            String feedId, Registration previous, Registration next, Instant raisedAt) {
        String id = "p-" + UUID.nameUUIDFromBytes((env + registrationKey + feedId + kind).getBytes());
        return ProposalRaised.newBuilder().setEventId("e-" + id).setOccurredAt(raisedAt).setProposalId(id)
                .setEnvironmentId(env).setRegistrationKey(registrationKey).setKind(kind)
                .setOrganisationId(organisationId).setChangedFields(List.of("tradeName"))
                .setPrevious(previous).setRegistration(next)
                .setReasons(List.of(ProposalReason.newBuilder().setKind(kind == ProposalKind.NEW ? ReasonKind.PROFILE
                                : ReasonKind.SUBSCRIPTION).setOrganisationId(organisationId)
                        .setProfileName(kind == ProposalKind.NEW ? "Sport Eindhoven" : null)
                        .setDetail(kind == ProposalKind.NEW ? "matches profile Sport Eindhoven"
                                : "organisation " + organisationId + " follows " + registrationKey).build()))
                .setOrganisationType(kind == ProposalKind.NEW ? "prospect" : null)
                .setFeedId(feedId).setEffectiveDate("2026-11-27").build();
    }

    /** The CRM organisation following a registration, with provenance: KvK synced everything at {@code syncedAt}. */
    public static Organisation organisation(String env, String organisationId, Registration r, Instant syncedAt,
            long version) {
        Map<String, String> values = nl.kvksync.contracts.OrganisationFields.of(r);
        Map<String, FieldProvenance> provenance = new java.util.HashMap<>();
        values.forEach((field, value) -> provenance.put(field, FieldProvenance.newBuilder().setSource(ChangeSource.KVK)
                .setChangedAt(syncedAt).setChangedBy(null).setKvkValue(value).setSyncedAt(syncedAt).build()));
        return Organisation.newBuilder().setOrganisationId(organisationId).setEnvironmentId(env).setType("customer")
                .setStatus(OrganisationStatus.ACTIVE).setRegistrationKey(r.getRegistrationKey()).setSubscribed(true)
                .setTradeName(r.getTradeName()).setStatutoryName(r.getStatutoryName()).setWebsite(r.getWebsite())
                .setVisitingAddress(r.getVisitingAddress()).setSbiCode(r.getSbiActivities().get(0).getCode())
                .setSbiDescription(r.getSbiActivities().get(0).getDescription()).setEmployees(r.getEmployees())
                .setKvkNummer(r.getKvkNummer()).setVestigingsnummer(r.getVestigingsnummer())
                .setFoundingDate(r.getFoundingDate()).setRsin(r.getRsin()).setLegalForm(r.getLegalForm())
                .setLegalFormText(r.getLegalFormText()).setProvenance(provenance).setVersion(version)
                .setCreatedAt(syncedAt).setUpdatedAt(syncedAt).build();
    }

    /** The same organisation after a user edited {@code field} to {@code value} at {@code at}. */
    public static Organisation userEdited(Organisation o, String field, String value, String user, Instant at) {
        Organisation copy = Organisation.newBuilder(o).setVersion(o.getVersion() + 1).setUpdatedAt(at).build();
        if ("tradeName".equals(field)) {
            copy.setTradeName(value);
        } else if ("website".equals(field)) {
            copy.setWebsite(value);
        }
        Map<String, FieldProvenance> provenance = new java.util.HashMap<>(copy.getProvenance());
        FieldProvenance p = provenance.get(field);
        provenance.put(field, FieldProvenance.newBuilder(p).setSource(ChangeSource.USER).setChangedAt(at)
                .setChangedBy(user).build());
        copy.setProvenance(provenance);
        return copy;
    }

    public static OrganisationChanged changed(Organisation before, Organisation after, OrganisationChangeKind kind,
            ChangeSource source, String decisionId, String proposalId, List<FieldChange> changes) {
        return OrganisationChanged.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setEnvironmentId(after.getEnvironmentId()).setOrganisationId(after.getOrganisationId())
                .setKind(kind).setChanges(changes).setSource(source).setActor("test-kvk-admin")
                .setDecisionId(decisionId).setProposalId(proposalId).setVersion(after.getVersion())
                .setBefore(before).setOrganisation(after).build();
    }

    public static String env(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
