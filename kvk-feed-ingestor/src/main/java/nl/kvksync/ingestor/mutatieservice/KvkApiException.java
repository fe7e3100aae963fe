package nl.kvksync.ingestor.mutatieservice;

import java.util.List;

/**
 * KvK answered a call with a client error and (usually) a {@code fout} body: {@code [{code, omschrijving}]}, e.g.
 * IPD0005 (404, unknown KvK number) or IPD0006 (400, invalid vestigingsnummer). Not retried.
 */
public final class KvkApiException extends RuntimeException {

    /** One entry of a KvK {@code fout} body. */
    public record Fout(String code, String omschrijving) {
    }

    private final int status;
    private final List<Fout> fouten;

    public KvkApiException(String request, int status, List<Fout> fouten, String body) {
        super(request + " answered HTTP " + status + ": " + (fouten.isEmpty() ? body : fouten));
        this.status = status;
        this.fouten = List.copyOf(fouten);
    }

    public int status() {
        return status;
    }

    public List<Fout> fouten() {
        return fouten;
    }
}
