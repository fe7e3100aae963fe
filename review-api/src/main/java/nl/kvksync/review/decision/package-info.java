/**
 * Decisions on proposals: accept (all fields or a subset), reject, bulk by filter or ids, undo of an applied
 * decision; the {@code decisions} collection is both the outbox of {@code review.proposal-decided.v1} and the
 * audit trail; outcomes from crm-sync (APPLIED through organisation-changed, FAILED through decision-failed)
 * close the loop.
 */
package nl.kvksync.review.decision;
