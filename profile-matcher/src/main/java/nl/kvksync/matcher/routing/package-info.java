/**
 * The routing topology (Kafka Streams): registration changes joined with subscriptions become UPDATE and ENDED
 * proposals, new registrations matched against the profiles become NEW proposals, a freshly linked organisation
 * gets an enrichment proposal; environments and profiles are global state. {@link MatcherTopology} wires it,
 * the processors are thin, the decisions live in {@link Proposals}, {@link ProposalIds} and the profile package.
 */
package nl.kvksync.matcher.routing;
