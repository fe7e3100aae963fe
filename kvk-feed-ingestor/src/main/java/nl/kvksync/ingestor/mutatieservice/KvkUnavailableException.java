package nl.kvksync.ingestor.mutatieservice;

/** KvK did not answer usefully (5xx, 429, network) after every retry; the poll stops and resumes next time. */
public final class KvkUnavailableException extends RuntimeException {

    public KvkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
