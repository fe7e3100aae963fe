/**
 * Applies review decisions ({@code review.proposal-decided.v1}) to the CRM organisations, at most once each: an
 * accepted UPDATE takes the accepted fields from KvK, an accepted ENDED makes the organisation former, an accepted
 * NEW creates and subscribes it, an UNDO puts back the before-image (and deletes what a NEW created, or reactivates
 * what an ENDED ended). Decisions that cannot be applied end as {@code DecisionFailed} with a reason the admin sees.
 */
package nl.kvksync.crmsync.decision;
