/**
 * The CRM environments (tenants) as crm-sync announces them on the compacted {@code crm.environments.v1}: their
 * names, modules and organisation types, for the web UI's environment picker and the profile editor.
 */
package nl.kvksync.review.environment;
