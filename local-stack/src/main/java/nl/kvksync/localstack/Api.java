package nl.kvksync.localstack;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON client for the services' HTTP APIs, with bearer tokens and problem+json errors made readable. */
public final class Api {

    /** A non-2xx answer, with the problem's detail when the service gave one. */
    public static final class ApiException extends RuntimeException {
        private final int status;
        private final String body;

        ApiException(String request, int status, String body) {
            super(request + " answered HTTP " + status + ": " + describe(body));
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }

        private static String describe(String body) {
            try {
                JsonNode problem = JSON.readTree(body);
                if (problem.hasNonNull("detail")) {
                    return problem.get("detail").asString();
                }
            } catch (RuntimeException e) {
                // not JSON: show it as it is
            }
            return body == null || body.isBlank() ? "(no body)" : body;
        }
    }

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String token;

    public Api(String token) {
        this.token = token;
    }

    public JsonNode get(String url) {
        return send("GET", url, null);
    }

    public JsonNode post(String url, Object body) {
        return send("POST", url, body);
    }

    public JsonNode put(String url, Object body) {
        return send("PUT", url, body);
    }

    public JsonNode send(String method, String url, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return exchange(method + " " + url, request.build());
    }

    /** Sends a raw body (a feed file, streamed from disk or from memory) with extra headers. */
    public JsonNode upload(String url, HttpRequest.BodyPublisher content, String contentType, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10))
                .header("Content-Type", contentType).header("Accept", "application/json")
                .POST(content);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return exchange("POST " + url, request.build());
    }

    private JsonNode exchange(String what, HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new ApiException(what, response.statusCode(), response.body());
            }
            String body = response.body();
            return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        } catch (ConnectException e) {
            throw new IllegalStateException(what + ": nothing listens there. Is the platform running (./kvk up)?", e);
        } catch (IOException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }
}
