package nl.kvksync.crmsync.platform;

import java.net.URI;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every refused request as RFC 9457 {@code application/problem+json} with a specific {@code type}
 * ({@code https://kvksync.nl/problems/<slug>}), a human {@code detail} and, for validation, an {@code errors}
 * array of {@code {field, message}}. Spring's own web errors (unreadable JSON, wrong media type, unknown path) get
 * a type by their status. Never a stack trace.
 */
@RestControllerAdvice
public class ApiProblems extends ResponseEntityExceptionHandler {

    public static final String TYPE_BASE = "https://kvksync.nl/problems/";
    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    private static final Map<Integer, String> SLUG_BY_STATUS = Map.of(400, "malformed-request", 401,
            "unauthenticated", 403, "forbidden", 404, "not-found", 405, "method-not-allowed", 406, "not-acceptable",
            409, "conflict", 413, "payload-too-large", 415, "unsupported-media-type", 503, "unavailable");

    @ExceptionHandler(ApiException.class)
    Mono<ResponseEntity<ProblemDetail>> api(ApiException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setType(URI.create(TYPE_BASE + e.slug()));
        problem.setTitle(e.title());
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors());
        }
        e.properties().forEach(problem::setProperty);
        if (e.status().is5xxServerError()) {
            log.warn("{}: {}", e.slug(), e.getMessage());
        }
        return Mono.just(ResponseEntity.status(e.status()).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem));
    }

    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(Object body, HttpHeaders headers,
            HttpStatusCode status, ServerWebExchange exchange) {
        if (body instanceof ProblemDetail problem && (problem.getType() == null
                || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(URI.create(TYPE_BASE + SLUG_BY_STATUS.getOrDefault(status.value(),
                    HttpStatus.valueOf(status.value()).name().toLowerCase().replace('_', '-'))));
        }
        return super.createResponseEntity(body, headers, status, exchange);
    }
}
