package nl.kvksync.crmsync.register;

import java.util.List;
import java.util.Map;

import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.crmsync.platform.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.util.UriBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Calls the kvk-feed-ingestor's register API ({@code GET /registrations/{registrationKey}} and
 * {@code GET /registrations?kvkNummer=&vestigingsnummer=&naam=&postcode=}) with the caller's bearer token. An unknown
 * registration is an empty answer; an unreachable, slow or failing ingestor is a 502 {@code ingestor-unavailable}.
 */
@Component
public class IngestorClient {

    private final WebClient web;
    private final RegisterProperties properties;

    IngestorClient(RegisterProperties properties) {
        this.web = WebClient.builder().baseUrl(properties.ingestorUrl()).build();
        this.properties = properties;
    }

    /** The registration's current snapshot, or empty when the register does not know it. */
    public Mono<Registration> registration(String registrationKey, String bearerToken) {
        return web.get().uri(u -> u.path("/registrations/{key}").build(registrationKey))
                .accept(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                .retrieve()
                .bodyToMono(JsonNode.class)
                .timeout(properties.ingestorTimeout())
                .map(RegistrationJson::read)
                .onErrorResume(WebClientResponseException.NotFound.class, e -> Mono.empty())
                .onErrorMap(e -> !(e instanceof ApiException), IngestorClient::unavailable);
    }

    /** Registrations matching every given (non-null) parameter; page 0, at most {@code size}. */
    public Mono<List<Registration>> search(Map<String, String> parameters, int size, String bearerToken) {
        return web.get().uri(u -> query(u, parameters, size))
                .accept(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                .retrieve()
                .bodyToMono(JsonNode.class)
                .timeout(properties.ingestorTimeout())
                .map(RegistrationJson::readList)
                .defaultIfEmpty(List.of())
                .onErrorMap(e -> !(e instanceof ApiException), IngestorClient::unavailable);
    }

    private static java.net.URI query(UriBuilder u, Map<String, String> parameters, int size) {
        u.path("/registrations");
        parameters.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                u.queryParam(name, "{" + name + "}");
            }
        });
        u.queryParam("page", 0).queryParam("size", size);
        return u.build(parameters);
    }

    private static ApiException unavailable(Throwable e) {
        String why = e instanceof WebClientResponseException w ? "answered HTTP " + w.getStatusCode().value()
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new ApiException(HttpStatus.BAD_GATEWAY, "ingestor-unavailable", "KvK register unavailable",
                "the KvK register (kvk-feed-ingestor) could not be asked: " + why);
    }
}
