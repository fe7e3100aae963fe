/**
 * CRM environments (tenants) and their KvK modules: create and list them, switch the basic module (register search
 * and create-from-KvK) and the advanced module (proposals from the weekly feed; requires basic), configure the
 * organisation types. Every change is published on the compacted {@code crm.environments.v1}, from which the
 * matcher learns where to make proposals.
 */
package nl.kvksync.crmsync.environment;
