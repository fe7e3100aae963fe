package nl.kvksync.crmsync.outbox;

/** Kafka did not acknowledge an event in time. The event is still in its document's outbox; nothing is lost. */
public class OutboxSendException extends RuntimeException {

    public OutboxSendException(String message, Throwable cause) {
        super(message, cause);
    }
}
