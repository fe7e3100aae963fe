package nl.kvksync.crmsync.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, answered as {@code application/problem+json} by {@link ApiProblems}: the status, a
 * specific problem type {@code https://kvksync.nl/problems/<slug>}, a human detail and, for validation, the
 * offending fields.
 */
public class ApiException extends RuntimeException {

    /** One invalid input: the JSON field (dotted for nested ones) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    private final HttpStatus status;
    private final String slug;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiException(HttpStatus status, String slug, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public ApiException(HttpStatus status, String slug, String title, String detail) {
        this(status, slug, title, detail, List.of());
    }

    public static ApiException validation(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ApiException(HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail, errors);
    }

    public static ApiException notFound(String slug, String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, slug, "Not found", detail);
    }

    public static ApiException conflict(String slug, String detail) {
        return new ApiException(HttpStatus.CONFLICT, slug, "Conflict", detail);
    }

    /** Adds a member to the problem document (e.g. the organisation that already holds a link). */
    public ApiException with(String name, Object value) {
        properties.put(name, value);
        return this;
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

    public Map<String, Object> properties() {
        return properties;
    }
}
