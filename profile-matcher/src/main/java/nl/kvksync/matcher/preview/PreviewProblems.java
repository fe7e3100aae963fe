package nl.kvksync.matcher.preview;

import java.net.URI;
import java.util.List;
import java.util.Map;

import nl.kvksync.matcher.profile.InvalidProfileException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;

/**
 * problem+json for the dry run: an invalid profile (type invalid-profile, {@code errors[]} of field and message),
 * a body that is not the JSON of a profile (type malformed-request, naming the field Jackson choked on), and a
 * token without the role (type forbidden).
 */
@RestControllerAdvice(assignableTypes = ProfilePreviewController.class)
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class PreviewProblems {

    @ExceptionHandler(InvalidProfileException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidProfileException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The profile is invalid: " + e.errors().size() + " field(s) need attention.");
        p.setType(URI.create("https://kvksync.nl/problems/invalid-profile"));
        p.setTitle("Invalid profile");
        p.setProperty("errors", e.errors().stream().map(f -> Map.of("field", f.field(), "message", f.message()))
                .toList());
        return problem(p);
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> malformed(ServerWebInputException e) {
        String field = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException j && !j.getPath().isEmpty()) {
                field = path(j.getPath());
                break;
            }
        }
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field == null
                ? "The body is not the JSON of a profile."
                : "The body is not the JSON of a profile: " + field + " has the wrong type (numbers for postcode"
                        + " digits and minEmployees, strings for SBI prefixes and legal forms).");
        p.setType(URI.create("https://kvksync.nl/problems/malformed-request"));
        p.setTitle("Malformed request");
        if (field != null) {
            p.setProperty("errors", List.of(Map.of("field", field, "message", "wrong type")));
        }
        return problem(p);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> forbidden(AccessDeniedException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                "A dry run needs the role kvk-admin or kvk-viewer.");
        p.setType(URI.create("https://kvksync.nl/problems/forbidden"));
        p.setTitle("Forbidden");
        return problem(p);
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    static String path(List<JacksonException.Reference> path) {
        StringBuilder b = new StringBuilder();
        for (JacksonException.Reference r : path) {
            if (r.getPropertyName() != null) {
                if (!b.isEmpty()) {
                    b.append('.');
                }
                b.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }
}
