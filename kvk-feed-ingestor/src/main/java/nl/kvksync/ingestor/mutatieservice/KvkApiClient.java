package nl.kvksync.ingestor.mutatieservice;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The calls the Mutatieservice source makes to the KvK APIs, with the {@code apikey} header. HTTP 429 waits for its
 * {@code Retry-After} (capped), 5xx and network errors back off exponentially, each up to {@code maxAttempts} tries,
 * then {@link KvkUnavailableException}. Other 4xx answers are final: {@link KvkApiException} with the {@code fout}
 * entries. Thread-safe.
 */
public class KvkApiClient {

    private static final Logger log = LoggerFactory.getLogger(KvkApiClient.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** How the client waits between tries; tests may shorten it, production sleeps. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    /** One abonnement of {@code GET /v1/abonnementen}. */
    public record Subscription(String id, String contract, boolean active) {
    }

    /** One item of a signal page: list items spell {@code kvknummer} in lower case. */
    public record SignalInfo(String id, String timestamp, String kvkNummer, String type, String vestigingsnummer) {
    }

    /** One page of signals. */
    public record SignalPage(int page, int size, long total, int totalPages, List<SignalInfo> signals) {
    }

    private final String base;
    private final String apiKey;
    private final MutatieserviceProperties properties;
    private final HttpClient http;
    private final Pause pause;
    private final Clock clock;

    public KvkApiClient(MutatieserviceProperties properties) {
        this(properties, d -> Thread.sleep(d.toMillis()), Clock.systemUTC());
    }

    public KvkApiClient(MutatieserviceProperties properties, Pause pause, Clock clock) {
        String url = properties.baseUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.apiKey = properties.apiKey();
        this.properties = properties;
        this.pause = pause;
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public List<Subscription> subscriptions() {
        JsonNode body = JSON.readTree(get("/v1/abonnementen"));
        List<Subscription> list = new ArrayList<>();
        for (JsonNode a : body.path("abonnementen")) {
            list.add(new Subscription(a.path("id").asString(), a.path("contract").path("id").asString(""),
                    a.path("actief").asBoolean(false)));
        }
        return list;
    }

    public SignalPage signals(String subscriptionId, String from, String to, int page, int size) {
        JsonNode body = JSON.readTree(get("/v1/abonnementen/" + encode(subscriptionId) + "?vanaf=" + encode(from)
                + "&tot=" + encode(to) + "&pagina=" + page + "&aantal=" + size));
        List<SignalInfo> signals = new ArrayList<>();
        for (JsonNode s : body.path("signalen")) {
            signals.add(new SignalInfo(s.path("id").asString(), s.path("timestamp").asString(null),
                    text(s, "kvknummer", "kvkNummer"), s.path("signaalType").asString(null),
                    s.path("vestigingsnummer").asString(null)));
        }
        return new SignalPage(body.path("pagina").asInt(page), body.path("aantal").asInt(size),
                body.path("totaal").asLong(signals.size()), body.path("totaalPaginas").asInt(page), signals);
    }

    /** The signal's details ({@code {"signaal": {...}}} unwrapped when wrapped). */
    public JsonNode signal(String subscriptionId, String signalId) {
        JsonNode body = JSON.readTree(get("/v1/abonnementen/" + encode(subscriptionId) + "/signalen/"
                + encode(signalId)));
        return body.has("signaal") && body.get("signaal").isObject() ? body.get("signaal") : body;
    }

    public String vestigingsprofiel(String vestigingsnummer) {
        return get("/v1/vestigingsprofielen/" + encode(vestigingsnummer));
    }

    public String basisprofiel(String kvkNummer) {
        return get("/v1/basisprofielen/" + encode(kvkNummer));
    }

    public String eigenaar(String kvkNummer) {
        return get("/v1/basisprofielen/" + encode(kvkNummer) + "/eigenaar");
    }

    /** GET with retries; the body of a 2xx answer. */
    String get(String path) {
        String url = base + path;
        String what = "GET " + url;
        Duration backoff = properties.initialBackoff();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= properties.maxAttempts(); attempt++) {
            Duration wait;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(properties.requestTimeout())
                        .header("apikey", apiKey)
                        .header("Accept", "application/json")
                        .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return response.body();
                }
                if (status == 429) {
                    wait = retryAfter(response).orElse(backoff);
                    last = new KvkUnavailableException(what + " answered 429 Too Many Requests", null);
                } else if (status >= 500) {
                    wait = backoff;
                    last = new KvkUnavailableException(what + " answered HTTP " + status + ": "
                            + fouten(response.body()), null);
                } else {
                    throw new KvkApiException(what, status, fouten(response.body()), response.body());
                }
            } catch (IOException e) {
                wait = backoff;
                last = new KvkUnavailableException(what + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KvkUnavailableException(what + " interrupted", e);
            }
            if (attempt == properties.maxAttempts()) {
                break;
            }
            wait = wait.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : wait;
            log.warn("{} (try {} of {}); retrying in {} ms", last.getMessage(), attempt, properties.maxAttempts(),
                    wait.toMillis());
            try {
                pause.pause(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KvkUnavailableException(what + " interrupted", e);
            }
            backoff = backoff.multipliedBy(2);
        }
        throw new KvkUnavailableException(last.getMessage() + " — gave up after " + properties.maxAttempts()
                + " tries", last.getCause());
    }

    private java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            String v = value.trim();
            if (v.matches("\\d+")) {
                return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            }
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return java.util.Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e) {
                return java.util.Optional.empty();
            }
        });
    }

    /** The {@code fout} entries of a KvK error body; empty when the body is something else. */
    static List<KvkApiException.Fout> fouten(String body) {
        List<KvkApiException.Fout> list = new ArrayList<>();
        if (body == null || body.isBlank()) {
            return list;
        }
        try {
            for (JsonNode f : JSON.readTree(body).path("fout")) {
                list.add(new KvkApiException.Fout(f.path("code").asString(""), f.path("omschrijving").asString("")));
            }
        } catch (JacksonException e) {
            // not JSON: no fout entries
        }
        return list;
    }

    private static String text(JsonNode node, String... names) {
        for (String name : names) {
            if (node.hasNonNull(name)) {
                return node.get(name).asString();
            }
        }
        return null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
