package nl.kvksync.review.decision;

/**
 * RECORDED (in the outbox) -> PUBLISHED (on the topic) -> APPLIED (crm-sync confirmed) | FAILED (crm-sync's
 * reason); VOID (recorded but lost the race for its proposal, never published); UNDONE (applied, then undone).
 */
enum DecisionState {
    RECORDED, PUBLISHED, APPLIED, FAILED, VOID, UNDONE
}
