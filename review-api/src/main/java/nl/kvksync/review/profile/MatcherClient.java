package nl.kvksync.review.profile;

import java.util.Map;

import nl.kvksync.review.platform.ProblemException;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * The profile-matcher's dry run: {@code POST {matcher}/environments/{env}/profiles:preview} with the caller's bearer
 * token. An unreachable or failing matcher answers 503/502 problems; a refusal by the matcher (4xx) is passed on
 * with the matcher's own detail.
 */
@Component
class MatcherClient {

    private final WebClient web;
    private final ProfileProperties properties;

    MatcherClient(ProfileProperties properties) {
        this.web = WebClient.builder().baseUrl(properties.matcherUrl()).build();
        this.properties = properties;
    }

    Map<String, Object> preview(String environmentId, ProfileSpec spec, String bearer) {
        try {
            Map<String, Object> answer = web.post().uri("/environments/{env}/profiles:preview", environmentId)
                    .header(HttpHeaders.AUTHORIZATION, bearer).contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                    .bodyValue(spec.toJson()).retrieve()
                    .bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() { })
                    .block(properties.matcherTimeout());
            if (answer == null || !(answer.get("selected") instanceof Number)) {
                throw new ProblemException(HttpStatus.BAD_GATEWAY, "matcher-bad-answer", "Bad gateway",
                        "the matcher's dry run answered without a 'selected' count", null, null);
            }
            return answer;
        } catch (WebClientResponseException e) {
            if (e.getStatusCode().is4xxClientError()) {
                throw new ProblemException(HttpStatus.valueOf(e.getStatusCode().value() == 404 ? 404 : 400),
                        "matcher-refused", "The matcher refused the profile",
                        "the matcher refused the dry run (HTTP " + e.getStatusCode().value() + "): "
                                + e.getResponseBodyAsString(), null, null);
            }
            throw new ProblemException(HttpStatus.BAD_GATEWAY, "matcher-failed", "Bad gateway",
                    "the matcher's dry run failed with HTTP " + e.getStatusCode().value(), null, null);
        } catch (WebClientRequestException e) {
            throw unavailable(e.getMessage());
        } catch (IllegalStateException e) {
            // block(timeout) ran out
            throw unavailable("no answer within " + properties.matcherTimeout().toSeconds() + " s");
        }
    }

    private ProblemException unavailable(String why) {
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "matcher-unavailable", "Matcher unavailable",
                "the dry run needs the profile-matcher at " + properties.matcherUrl() + ", which did not answer: "
                        + why, null, null);
    }
}
