package nl.kvksync.contracts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import nl.kvksync.contracts.TopicCatalogue.TopicSpec;
import org.apache.avro.Schema;

/**
 * Registers the value schema of topics under their {@code <topic>-value} subject (and the dead-letter topic's)
 * with compatibility BACKWARD_TRANSITIVE, through the Confluent-compatible API. Idempotent: registering a
 * schema the subject already has returns its id. A schema the rule refuses fails loudly, before anything
 * is produced with it.
 */
public final class SubjectRegistrar {

    public static final String COMPATIBILITY = "BACKWARD_TRANSITIVE";

    private final String confluentApi;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SubjectRegistrar(String registryBaseUrl) {
        this.confluentApi = AvroWire.confluentApiUrl(registryBaseUrl);
    }

    /** Registers every topic of the catalogue; waits up to {@code patience} for the registry to answer. */
    public Map<String, Integer> registerAll(Duration patience) {
        return register(TopicCatalogue.all(), patience);
    }

    public Map<String, Integer> register(Collection<TopicSpec> topics, Duration patience) {
        awaitRegistry(patience);
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (TopicSpec topic : topics) {
            ids.put(topic.valueSubject(), register(topic.valueSubject(), topic.valueSchema()));
            String dltSubject = topic.deadLetterTopic() + "-value";
            ids.put(dltSubject, register(dltSubject, topic.valueSchema()));
        }
        return ids;
    }

    /** Registers one schema under one subject and sets the subject's compatibility; returns the schema id. */
    public int register(String subject, Schema schema) {
        String body = "{\"schema\":" + Json.quote(schema.toString()) + "}";
        String response = send("POST", "/subjects/" + subject + "/versions", body);
        send("PUT", "/config/" + subject, "{\"compatibility\":\"" + COMPATIBILITY + "\"}");
        return Json.intField(response, "id");
    }

    private void awaitRegistry(Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(confluentApi + "/subjects"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the schema registry", e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the schema registry at " + confluentApi + " did not answer within "
                        + patience.toSeconds() + " s; start it (./kvk up) or set kvksync.registry-url");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the schema registry", e);
            }
        }
    }

    private String send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(confluentApi + path))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("schema registry refused " + method + " " + path + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("schema registry unreachable at " + confluentApi + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted talking to the schema registry", e);
        }
    }

    /** The little JSON this class needs, without pulling a JSON library into the contracts. */
    static final class Json {
        private Json() {
        }

        static String quote(String s) {
            StringBuilder b = new StringBuilder(s.length() + 16).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }

        static int intField(String json, String field) {
            var m = java.util.regex.Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
            if (!m.find()) {
                throw new IllegalStateException("no \"" + field + "\" in registry answer " + json);
            }
            return Integer.parseInt(m.group(1));
        }
    }
}
