package nl.kvksync.review.platform;

import java.net.URI;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Every refusal as RFC 9457 {@code application/problem+json}: a specific {@code type}
 * ({@code https://kvksync.nl/problems/<slug>}), a human {@code detail}, the offending {@code errors} for
 * validation. Unexpected failures answer a bare 500 problem without a stack trace (logged here).
 */
@RestControllerAdvice
public class ProblemHandling extends ResponseEntityExceptionHandler {

    public static final String TYPE_BASE = "https://kvksync.nl/problems/";
    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    public static ProblemDetail problem(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> refused(ProblemException e) {
        ProblemDetail problem = problem(e.status(), e.slug(), e.title(), e.getMessage());
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors());
        }
        e.properties().forEach(problem::setProperty);
        return respond(e.status(), problem);
    }

    @ExceptionHandler(AccessDeniedException.class)
    Mono<ResponseEntity<ProblemDetail>> denied(AccessDeniedException e) {
        return Mono.just(respond(HttpStatus.FORBIDDEN, problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "your token's roles do not allow this; deciding, profiles and imports need kvk-admin")));
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<ProblemDetail> failed(IllegalStateException e) {
        log.error("request failed", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                "Internal error", "the request could not be completed; it changed nothing that was not reported"));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        String reason = ex.getReason() == null ? "the request could not be read" : ex.getReason();
        Throwable cause = ex.getMostSpecificCause();
        String detail = cause != null && cause != ex && cause.getMessage() != null
                ? reason + ": " + firstLine(cause.getMessage()) : reason;
        ProblemDetail problem = problem(status, "bad-request", "Bad request", detail);
        return Mono.just(ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem));
    }

    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(Object body, HttpHeaders headers,
            HttpStatusCode status, ServerWebExchange exchange) {
        if (body instanceof ProblemDetail problem && (problem.getType() == null
                || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(URI.create(TYPE_BASE + slug(status)));
        }
        return super.createResponseEntity(body, headers, status, exchange);
    }

    private static String slug(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http-" + status.value() : known.name().toLowerCase().replace('_', '-');
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }

    private static ResponseEntity<ProblemDetail> respond(HttpStatusCode status, ProblemDetail problem) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    static List<String> none() {
        return List.of();
    }
}
