package nl.kvksync.review.proposal;

/**
 * One field of the three-way diff.
 *
 * @param kvkAtLastSync  what KvK said when the CRM last synced this field (provenance), else the previous snapshot
 * @param crmCurrent     the CRM's value now, with who changed it last and when
 * @param kvkNew         KvK's new value (the proposal's registration)
 * @param kvkChanged     KvK's value moved since the last sync
 * @param differsFromCrm accepting this field would change the CRM record
 * @param conflict       a user edited the field after its last sync and it differs from KvK's new value
 */
public record FieldDiff(String field, String kvkAtLastSync, String crmCurrent, String crmSource,
        String crmChangedBy, Long crmChangedAt, Long syncedAt, String kvkNew, boolean kvkChanged,
        boolean differsFromCrm, boolean conflict) {
}
