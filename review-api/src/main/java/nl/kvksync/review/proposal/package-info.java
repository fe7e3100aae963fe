/**
 * The review queue: proposals raised by the matcher, kept in MongoDB with their lifecycle (PENDING, ACCEPTED,
 * APPLIED, REJECTED, SUPERSEDED, FAILED) and history, one open proposal per environment and organisation (per
 * registration for NEW), a lean in-memory index of the open ones for the list and its counts, and the
 * three-way diff of an update against the CRM read model.
 */
package nl.kvksync.review.proposal;
