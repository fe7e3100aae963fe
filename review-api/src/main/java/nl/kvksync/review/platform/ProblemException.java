package nl.kvksync.review.platform;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A request the service refuses, rendered as {@code application/problem+json} with type
 * {@code https://kvksync.nl/problems/<slug>}, a human detail and, for validation, the offending fields.
 */
public class ProblemException extends RuntimeException {

    /** One offending field of a request. */
    public record FieldError(String field, String message) {
    }

    private final HttpStatus status;
    private final String slug;
    private final String title;
    private final List<FieldError> errors;
    private final java.util.Map<String, Object> properties;

    public ProblemException(HttpStatus status, String slug, String title, String detail, List<FieldError> errors,
            java.util.Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.properties = properties == null ? java.util.Map.of() : properties;
    }

    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail, errors, null);
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(field + ": " + message, List.of(new FieldError(field, message)));
    }

    public static ProblemException notFound(String what, String detail) {
        return new ProblemException(HttpStatus.NOT_FOUND, what + "-not-found", "Not found", detail, null, null);
    }

    public static ProblemException conflict(String slug, String detail, java.util.Map<String, Object> properties) {
        return new ProblemException(HttpStatus.CONFLICT, slug, "Conflict", detail, null, properties);
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public java.util.Map<String, Object> properties() {
        return properties;
    }
}
