package nl.kvksync.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import nl.kvksync.review.support.ReviewStack;
import nl.kvksync.testsupport.spring.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * Many requests in a row on one keep-alive connection, each answered at once (401 without, with a malformed or with a
 * forged token). Reactor Netty 1.3.6, which Boot 4.0.7 brings, now and then stopped reading such a connection after a
 * synchronously completed response, and the next request waited for ever (SecurityIT's 30 s timeouts in CI; this
 * loop hung within the first few hundred requests). The build pins Reactor Netty 1.3.8 with Netty 4.2.18 for it.
 */
class KeepAliveIT extends ReviewStack {

    private static final int ROUNDS = 1000;

    @Value("${local.server.port}")
    int port;

    @Test
    void answersEveryRequestOnAKeepAliveConnection() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String forged = TestTokens.bearer("kvk-admin", "keep-alive");
        forged = forged.substring(0, forged.length() - 4) + "AAAA";
        List<String> bearers = List.of("", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl", forged);
        int answered = 0;
        for (int i = 0; i < ROUNDS; i++) {
            for (String bearer : bearers) {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri(i)).timeout(Duration.ofSeconds(10));
                if (i % 3 == 0) {
                    request.header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"ids\":[\"p-1\"]}"));
                } else if (i % 3 == 1) {
                    request.GET();
                } else {
                    request.DELETE();
                }
                if (!bearer.isEmpty()) {
                    request.header("Authorization", bearer);
                }
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("round %d, %s", i, request.build().method()).isEqualTo(401);
                answered++;
            }
        }
        assertThat(answered).isEqualTo(ROUNDS * bearers.size());
    }

    private URI uri(int round) {
        String path = switch (round % 3) {
            case 0 -> "/environments/keep-alive/proposals:bulk-accept";
            case 1 -> "/environments/keep-alive/proposals";
            default -> "/environments/keep-alive/profiles/x";
        };
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
