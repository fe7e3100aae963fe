package nl.kvksync.ingestor.platform;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** RFC 9457 problems with a specific type ({@code https://kvksync.nl/problems/<slug>}) and a human detail. */
public final class Problems {

    private Problems() {
    }

    public static ErrorResponseException problem(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("https://kvksync.nl/problems/" + slug));
        p.setTitle(title);
        return new ErrorResponseException(status, p, null);
    }

    /** 400 with an {@code errors} array of {field, message}. */
    public static ErrorResponseException invalid(String slug, String detail, String field, String message) {
        ErrorResponseException e = problem(HttpStatus.BAD_REQUEST, slug, "Invalid request", detail);
        e.getBody().setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return e;
    }
}
