package nl.kvksync.crmsync.outbox;

/** A MongoDB collection whose documents carry an {@code outbox} array the sweeper drains. Declare one as a bean. */
public record OutboxCollection(String name) {
}
