/**
 * The CRM organisations: the record of each organisation per environment with its synced fields, type, status
 * (active or former), KvK link, subscription and per-field provenance; created by hand or from a KvK registration,
 * edited by users, linked to and unlinked from registrations. Every change is written together with the events it
 * causes ({@code OrganisationChanged}, {@code SubscriptionChanged}) and then published.
 */
package nl.kvksync.crmsync.organisation;
