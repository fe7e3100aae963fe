package nl.kvksync.ingestor.mutatieservice;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local stand-in for the KvK APIs on a free port of 127.0.0.1, serving the responses recorded from the KvK test
 * environment (src/test/resources/kvk/test-env, copied from ../shared/data/kvk/examples/test-env) and the
 * Mutatieservice shapes (src/test/resources/kvk/mutatieservice-shapes): subscriptions, signal pages cut from a list
 * of signals in the synthetic page's shape, signal details, profiles, the owner of 69599084, KvK's {@code fout}
 * bodies for everything it does not know, and injected faults (429 with Retry-After, 5xx) per path.
 */
final class KvkStub implements AutoCloseable {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final String SUBSCRIPTION = "87654321-4321-4321-4321-210987654321";

    /** A fault to answer instead of the real response. */
    record Fault(int status, String retryAfter) {
    }

    private final HttpServer server;
    private final List<ObjectNode> signals = new ArrayList<>();
    private final Map<String, ObjectNode> details = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final Map<String, Fault> permanentFaults = new ConcurrentHashMap<>();
    private final Map<String, String> renames = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> apiKeys = new CopyOnWriteArrayList<>();

    static {
        // without it the JDK server's small answers wait for the client's delayed ACK (~40 ms per call)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    KvkStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/test/api");
    }

    static String resource(String path) {
        try (InputStream in = KvkStub.class.getResourceAsStream("/kvk/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /kvk/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a signal to the subscription's list, with its details ({@code signaal} object) or none. */
    KvkStub signal(String id, String type, String kvkNummer, String vestigingsnummer, ObjectNode detail) {
        ObjectNode s = JSON.createObjectNode();
        s.put("id", id);
        s.put("timestamp", "2026-11-2" + (signals.size() % 7) + "T10:0" + (signals.size() % 10) + ":00Z");
        s.put("kvknummer", kvkNummer);
        s.put("signaalType", type);
        if (vestigingsnummer != null) {
            s.put("vestigingsnummer", vestigingsnummer);
        }
        signals.add(s);
        if (detail != null) {
            detail.put("signaalType", type);
            details.put(id, detail);
        }
        return this;
    }

    /** The items of the synthetic signal page, as the first signals of the list. */
    KvkStub syntheticSignals() {
        JsonNode page = JSON.readTree(resource("mutatieservice-shapes/signalen-page.synthetic.json"));
        List<JsonNode> items = new ArrayList<>();
        page.path("signalen").forEach(items::add);
        for (int i = 0; i < items.size(); i++) {
            ObjectNode s = (ObjectNode) items.get(i).deepCopy();
            signals.add(s);
            if (i == items.size() - 1) {
                continue; // the last one has no details: the list item has to do
            }
            // details in the shape of the Mutatieservice's signal types (field-lists/mutatieservice.txt)
            ObjectNode detail = JSON.createObjectNode();
            detail.put("berichtId", "bericht-" + i);
            detail.put("registratieId", "registratie-" + i);
            detail.put("registratieTijdstip", s.path("timestamp").asString());
            detail.put("signaalType", s.path("signaalType").asString());
            detail.putObject("heeftBetrekkingOp").put("kvkNummer", s.path("kvknummer").asString())
                    .put("nonMailing", false);
            if (s.has("vestigingsnummer")) {
                ObjectNode v = detail.putObject("heeftGewijzigdeVestiging");
                v.put("vestigingsnummer", s.path("vestigingsnummer").asString());
                v.put("isHoofdvestiging", true);
                v.put("isCommercieel", true);
                v.putObject("gewijzigdeGegevens").put("adresgegevens", true).put("naamgeving", false)
                        .put("activiteiten", false).put("gevolmachtigden", false);
            }
            details.put(s.path("id").asString(), detail);
        }
        return this;
    }

    /** The next calls to a path answer these faults, in order. */
    KvkStub faults(String path, Fault... answers) {
        faults.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(answers));
        return this;
    }

    /** Every call to a path (up to the query) answers this fault until {@link #heal}. */
    KvkStub failAlways(String pathAndQueryPrefix, int status) {
        permanentFaults.put(pathAndQueryPrefix, new Fault(status, null));
        return this;
    }

    KvkStub heal() {
        permanentFaults.clear();
        return this;
    }

    /**
     * Serves the recorded registration under other identifiers: {@code recorded} in a response becomes
     * {@code served}, and a request for {@code served} is answered as one for {@code recorded}.
     */
    KvkStub rename(String recorded, String served) {
        renames.put(recorded, served);
        return this;
    }

    private String in(String path) {
        for (Map.Entry<String, String> r : renames.entrySet()) {
            path = path.replace(r.getValue(), r.getKey());
        }
        return path;
    }

    private String out(String body) {
        for (Map.Entry<String, String> r : renames.entrySet()) {
            body = body.replace(r.getKey(), r.getValue());
        }
        return body;
    }

    long count(String pathPrefix) {
        return requests.stream().filter(r -> r.startsWith(pathPrefix)).count();
    }

    List<String> signalIds() {
        return signals.stream().map(s -> s.path("id").asString()).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = in(exchange.getRequestURI().getPath().replaceFirst("^/test/api", ""));
            String query = exchange.getRequestURI().getRawQuery();
            String full = path + (query == null ? "" : "?" + query);
            requests.add(full);
            apiKeys.add(String.valueOf(exchange.getRequestHeaders().getFirst("apikey")));
            for (Map.Entry<String, Fault> f : permanentFaults.entrySet()) {
                if (full.startsWith(f.getKey())) {
                    send(exchange, f.getValue().status(), "{\"fout\":[{\"code\":\"IPD9999\",\"omschrijving\":"
                            + "\"Er is een technische fout opgetreden\"}]}");
                    return;
                }
            }
            Deque<Fault> queued = faults.get(path);
            Fault fault = queued == null ? null : queued.poll();
            if (fault != null) {
                if (fault.retryAfter() != null) {
                    exchange.getResponseHeaders().add("Retry-After", fault.retryAfter());
                }
                send(exchange, fault.status(), fault.status() == 429 ? "" : "<html>Service Unavailable</html>");
                return;
            }
            String[] p = path.split("/");
            if (path.equals("/v1/abonnementen")) {
                send(exchange, 200, resource("mutatieservice-shapes/abonnementen.synthetic.json"));
            } else if (p.length == 4 && path.startsWith("/v1/abonnementen/")) {
                signalPage(exchange, query);
            } else if (p.length == 6 && p[4].equals("signalen")) {
                ObjectNode detail = details.get(p[5]);
                if (detail == null) {
                    send(exchange, 404, "{\"fout\":[{\"code\":\"IPD0404\",\"omschrijving\":\"Signaal niet gevonden\"}]}");
                } else {
                    ObjectNode body = JSON.createObjectNode();
                    body.set("signaal", detail);
                    send(exchange, 200, JSON.writeValueAsString(body));
                }
            } else if (path.equals("/v1/vestigingsprofielen/000038509504")) {
                send(exchange, 200, resource("test-env/v1_vestigingsprofielen_000038509504__200.json"));
            } else if (path.startsWith("/v1/vestigingsprofielen/")) {
                String nummer = p[3];
                if (!nummer.matches("\\d{12}")) {
                    send(exchange, 400, resource("test-env/v1_vestigingsprofielen_12345678__400.json"));
                } else {
                    send(exchange, 404, "{\"fout\":[{\"code\":\"IPD0005\",\"omschrijving\":\"Op basis van het "
                            + "vestigingsnummer " + nummer + " kan het product niet worden geleverd.\"}]}");
                }
            } else if (path.equals("/v1/basisprofielen/69599084")) {
                send(exchange, 200, resource("test-env/v1_basisprofielen_69599084__200.json"));
            } else if (path.equals("/v1/basisprofielen/69599084/eigenaar")) {
                JsonNode basis = JSON.readTree(resource("test-env/v1_basisprofielen_69599084__200.json"));
                send(exchange, 200, JSON.writeValueAsString(basis.path("_embedded").path("eigenaar")));
            } else if (path.startsWith("/v1/basisprofielen/")) {
                send(exchange, 404, resource("test-env/v1_basisprofielen_12345678__404.json")
                        .replace("12345678", p[3]));
            } else {
                send(exchange, 404, "{\"fout\":[{\"code\":\"IPD0000\",\"omschrijving\":\"onbekend pad\"}]}");
            }
        }
    }

    private void signalPage(HttpExchange exchange, String query) throws IOException {
        Map<String, String> params = new java.util.HashMap<>();
        for (String kv : query == null ? new String[0] : query.split("&")) {
            String[] pair = kv.split("=", 2);
            params.put(pair[0], pair.length > 1 ? java.net.URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "");
        }
        int page = Integer.parseInt(params.getOrDefault("pagina", "1"));
        int size = Integer.parseInt(params.getOrDefault("aantal", "100"));
        int totalPages = Math.max(1, (signals.size() + size - 1) / size);
        ObjectNode body = JSON.createObjectNode();
        body.put("pagina", page);
        body.put("aantal", size);
        body.put("totaal", signals.size());
        body.put("totaalPaginas", totalPages);
        ArrayNode items = body.putArray("signalen");
        for (int i = (page - 1) * size; i < Math.min(signals.size(), page * size); i++) {
            items.add(signals.get(i));
        }
        send(exchange, 200, JSON.writeValueAsString(body));
    }

    private void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = out(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
