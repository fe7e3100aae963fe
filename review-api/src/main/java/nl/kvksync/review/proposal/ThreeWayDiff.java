package nl.kvksync.review.proposal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import nl.kvksync.contracts.OrganisationFields;
import nl.kvksync.contracts.crm.ChangeSource;
import nl.kvksync.contracts.crm.FieldProvenance;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.kvk.Registration;

/**
 * The three-way diff of a proposal: per synced field (in {@link OrganisationFields#ALL} order) KvK at the last
 * sync, the CRM's current value and KvK's new value. Plain and deterministic: no Spring, no clock.
 */
public final class ThreeWayDiff {

    private ThreeWayDiff() {
    }

    /**
     * @param previous     the proposal's previous snapshot (fallback for KvK at last sync), may be null
     * @param registration KvK's new snapshot
     * @param organisation the CRM read model's organisation, null for NEW or when not known yet
     */
    public static List<FieldDiff> of(Registration previous, Registration registration, Organisation organisation) {
        Map<String, String> kvkNew = OrganisationFields.of(registration);
        Map<String, String> kvkPrevious = previous == null ? Map.of() : OrganisationFields.of(previous);
        Map<String, String> crm = organisation == null ? Map.of() : OrganisationFields.of(organisation);
        Map<String, FieldProvenance> provenance = organisation == null || organisation.getProvenance() == null
                ? Map.of() : organisation.getProvenance();
        List<FieldDiff> diff = new ArrayList<>(OrganisationFields.ALL.size());
        for (String field : OrganisationFields.ALL) {
            FieldProvenance p = provenance.get(field);
            // A field never synced (typed in by hand, no kvkValue) falls back to the previous snapshot.
            boolean synced = p != null && (p.getSyncedAt() != null || p.getKvkValue() != null);
            String atLastSync = synced ? p.getKvkValue() : kvkPrevious.get(field);
            String current = crm.get(field);
            String next = kvkNew.get(field);
            boolean kvkChanged = !Objects.equals(atLastSync, next);
            boolean differs = organisation == null ? next != null : !Objects.equals(current, next);
            boolean conflict = p != null && p.getSource() == ChangeSource.USER
                    && (p.getSyncedAt() == null || p.getChangedAt().isAfter(p.getSyncedAt()))
                    && !Objects.equals(current, next);
            diff.add(new FieldDiff(field, atLastSync, current, p == null ? null : p.getSource().name(),
                    p == null ? null : p.getChangedBy(), p == null ? null : p.getChangedAt().toEpochMilli(),
                    p == null || p.getSyncedAt() == null ? null : p.getSyncedAt().toEpochMilli(), next, kvkChanged, differs, conflict));
        }
        return diff;
    }

    public static List<String> changedFields(List<FieldDiff> diff) {
        return diff.stream().filter(FieldDiff::kvkChanged).map(FieldDiff::field).toList();
    }

    public static List<String> conflictFields(List<FieldDiff> diff) {
        return diff.stream().filter(FieldDiff::conflict).map(FieldDiff::field).toList();
    }
}
