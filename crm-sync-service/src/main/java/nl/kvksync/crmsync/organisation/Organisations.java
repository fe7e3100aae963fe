package nl.kvksync.crmsync.organisation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import nl.kvksync.contracts.OrganisationFields;
import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.ChangeSource;
import nl.kvksync.contracts.crm.FieldChange;
import nl.kvksync.contracts.crm.FieldProvenance;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.crm.OrganisationChangeKind;
import nl.kvksync.contracts.crm.OrganisationChanged;
import nl.kvksync.contracts.crm.OrganisationStatus;
import nl.kvksync.contracts.crm.SubscriptionChanged;
import nl.kvksync.contracts.crm.SubscriptionOrigin;
import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.contracts.kvk.SbiActivity;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The rules every change of an organisation follows, free of Spring and MongoDB: taking fields from a KvK
 * registration with KVK provenance, restoring fields from a before-image, the field-by-field diff in
 * {@link OrganisationFields} display form, and the events that describe a change.
 */
public final class Organisations {

    private Organisations() {
    }

    public static Organisation copy(Organisation o) {
        return Organisation.newBuilder(o).build();
    }

    /** An empty active organisation at version 1, not linked to KvK. */
    public static Organisation blank(String organisationId, String environmentId, String type, Instant now) {
        return Organisation.newBuilder().setOrganisationId(organisationId).setEnvironmentId(environmentId)
                .setType(type).setStatus(OrganisationStatus.ACTIVE).setSubscribed(false)
                .setProvenance(new LinkedHashMap<>()).setVersion(1).setCreatedAt(now).setUpdatedAt(now).build();
    }

    /**
     * An organisation at version 1 holding every synced field of {@code registration}, each with KVK provenance,
     * linked and subscribed to it; former when the registration has ended.
     */
    public static Organisation fromRegistration(String organisationId, String environmentId, String type,
            Registration registration, Instant now) {
        Organisation o = blank(organisationId, environmentId, type, now);
        o.setRegistrationKey(registration.getRegistrationKey());
        o.setSubscribed(true);
        takeFromRegistration(o, registration, OrganisationFields.ALL, now);
        if (registration.getStatus() == RegistrationStatus.ENDED) {
            end(o, registration);
        }
        return o;
    }

    /** Marks the organisation former with the registration's end date and reason. */
    public static void end(Organisation o, Registration registration) {
        o.setStatus(OrganisationStatus.FORMER);
        o.setEndDate(registration.getEndDate());
        o.setEndReason(registration.getEndReason());
    }

    /**
     * Sets {@code fields} to the registration's values. Each field's provenance records KvK's display value and the
     * time of this sync; a field whose value changed becomes KVK-sourced, one KvK merely confirmed keeps who set it.
     */
    public static void takeFromRegistration(Organisation o, Registration registration, Collection<String> fields,
            Instant now) {
        Map<String, String> before = OrganisationFields.of(o);
        Map<String, String> kvk = OrganisationFields.of(registration);
        Map<String, FieldProvenance> provenance = new LinkedHashMap<>(o.getProvenance());
        for (String field : fields) {
            setFromRegistration(o, field, registration);
            FieldProvenance previous = provenance.get(field);
            boolean changed = !Objects.equals(before.get(field), kvk.get(field));
            if (previous == null || changed) {
                provenance.put(field, new FieldProvenance(ChangeSource.KVK, now, null, kvk.get(field), now));
            } else {
                provenance.put(field, new FieldProvenance(previous.getSource(), previous.getChangedAt(),
                        previous.getChangedBy(), kvk.get(field), now));
            }
        }
        o.setProvenance(provenance);
    }

    /** Records a user's edit of {@code field}: USER provenance, keeping what KvK said at the last sync. */
    public static void markUserEdit(Organisation o, String field, String user, Instant now) {
        Map<String, FieldProvenance> provenance = new LinkedHashMap<>(o.getProvenance());
        FieldProvenance previous = provenance.get(field);
        provenance.put(field, new FieldProvenance(ChangeSource.USER, now, user,
                previous == null ? null : previous.getKvkValue(), previous == null ? null : previous.getSyncedAt()));
        o.setProvenance(provenance);
    }

    /** Puts back {@code fields} (values and provenance) as they were in {@code image}. */
    public static void restore(Organisation o, Organisation image, Collection<String> fields) {
        Map<String, FieldProvenance> provenance = new LinkedHashMap<>(o.getProvenance());
        for (String field : fields) {
            copyField(image, o, field);
            if (OrganisationFields.LEGAL_FORM.equals(field)) {
                copyField(image, o, "legalFormText");
            }
            FieldProvenance was = image.getProvenance() == null ? null : image.getProvenance().get(field);
            if (was == null) {
                provenance.remove(field);
            } else {
                provenance.put(field, FieldProvenance.newBuilder(was).build());
            }
        }
        o.setProvenance(provenance);
    }

    /** The synced fields whose display value differs, in {@link OrganisationFields#ALL} order. */
    public static List<FieldChange> changes(Organisation before, Organisation after) {
        Map<String, String> b = before == null ? Map.of() : OrganisationFields.of(before);
        Map<String, String> a = OrganisationFields.of(after);
        List<FieldChange> changes = new ArrayList<>();
        for (String field : OrganisationFields.ALL) {
            if (!Objects.equals(b.get(field), a.get(field))) {
                changes.add(new FieldChange(field, b.get(field), a.get(field)));
            }
        }
        return changes;
    }

    /** The public event of one change; both snapshots are copied, so later changes do not leak into it. */
    public static OrganisationChanged changed(String eventId, OrganisationChangeKind kind, Organisation before,
            Organisation after, ChangeSource source, String actor, String decisionId, String proposalId,
            Instant now) {
        return OrganisationChanged.newBuilder().setEventId(eventId).setOccurredAt(now)
                .setEnvironmentId(after.getEnvironmentId()).setOrganisationId(after.getOrganisationId())
                .setKind(kind).setChanges(changes(before, after)).setSource(source).setActor(actor)
                .setDecisionId(decisionId).setProposalId(proposalId).setVersion(after.getVersion())
                .setBefore(before == null ? null : copy(before)).setOrganisation(copy(after)).build();
    }

    /** The subscription state after a change; {@code registrationKey} is the one followed (or no longer). */
    public static SubscriptionChanged subscription(String eventId, Organisation after, String registrationKey,
            String kvkNummer, boolean active, SubscriptionOrigin origin, Instant now) {
        return SubscriptionChanged.newBuilder().setEventId(eventId).setOccurredAt(now)
                .setEnvironmentId(after.getEnvironmentId()).setOrganisationId(after.getOrganisationId())
                .setRegistrationKey(registrationKey).setKvkNummer(kvkNummer).setActive(active)
                .setOrigin(origin == null ? SubscriptionOrigin.UNKNOWN : origin).setVersion(after.getVersion())
                .build();
    }

    /** Record key of an organisation's events: {@code environmentId:organisationId}. */
    public static String key(Organisation o) {
        return Topics.tenantKey(o.getEnvironmentId(), o.getOrganisationId());
    }

    /** A stable id derived from its parts (name-based UUID), for ids that a redelivery must reproduce. */
    public static String derivedId(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void setFromRegistration(Organisation o, String field, Registration r) {
        switch (field) {
            case OrganisationFields.TRADE_NAME -> o.setTradeName(r.getTradeName());
            case OrganisationFields.STATUTORY_NAME -> o.setStatutoryName(r.getStatutoryName());
            case OrganisationFields.WEBSITE -> o.setWebsite(r.getWebsite());
            case OrganisationFields.PHONE -> o.setPhone(r.getPhone());
            case OrganisationFields.VISITING_ADDRESS -> o.setVisitingAddress(copy(r.getVisitingAddress()));
            case OrganisationFields.POSTAL_ADDRESS -> o.setPostalAddress(copy(r.getPostalAddress()));
            case OrganisationFields.SBI_CODE -> {
                SbiActivity primary = OrganisationFields.primarySbi(r);
                o.setSbiCode(primary == null ? null : primary.getCode());
            }
            case OrganisationFields.SBI_DESCRIPTION -> {
                SbiActivity primary = OrganisationFields.primarySbi(r);
                o.setSbiDescription(primary == null ? null : primary.getDescription());
            }
            case OrganisationFields.EMPLOYEES -> o.setEmployees(r.getEmployees());
            case OrganisationFields.KVK_NUMMER -> o.setKvkNummer(r.getKvkNummer());
            case OrganisationFields.VESTIGINGSNUMMER -> o.setVestigingsnummer(r.getVestigingsnummer());
            case OrganisationFields.FOUNDING_DATE -> o.setFoundingDate(r.getFoundingDate());
            case OrganisationFields.RSIN -> o.setRsin(r.getRsin());
            case OrganisationFields.LEGAL_FORM -> {
                o.setLegalForm(r.getLegalForm());
                o.setLegalFormText(r.getLegalFormText());
            }
            default -> throw new IllegalArgumentException("unknown organisation field " + field);
        }
    }

    private static void copyField(Organisation from, Organisation to, String field) {
        Schema.Field f = Organisation.getClassSchema().getField(field);
        to.put(f.pos(), SpecificData.get().deepCopy(f.schema(), from.get(f.pos())));
    }

    static Address copy(Address a) {
        return a == null ? null : Address.newBuilder(a).build();
    }
}
