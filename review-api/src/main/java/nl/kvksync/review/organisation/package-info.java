/**
 * The read model of CRM organisations, fed by {@code crm.organisation-changed.v1}: the latest snapshot per
 * organisation (with per-field provenance) for the three-way diff, kept by version so a redelivered or older
 * event changes nothing.
 */
package nl.kvksync.review.organisation;
