package nl.kvksync.crmsync.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.Registration;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for the kvk-feed-ingestor's register API in this module's tests (the end-to-end test drives the real
 * one): {@code GET /registrations/{key}} and {@code GET /registrations?kvkNummer=&vestigingsnummer=&naam=&postcode=}
 * answered as the ingestor does — the Registration with its Avro field names, a page {@code {items, page, size,
 * total}}; name words match as prefixes of name words, postcodes by prefix. Records every request's path and
 * Authorization header. Listens on a free port of 127.0.0.1; stopped when the JVM exits.
 */
public final class IngestorStub {

    /** A request the stub received. */
    public record Request(String path, String query, String authorization) {
    }

    private static IngestorStub shared;

    private final HttpServer server;
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile int failWith;

    private IngestorStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/registrations", this::handle);
        server.start();
    }

    public static synchronized IngestorStub shared() {
        if (shared == null) {
            shared = new IngestorStub();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shared.server.stop(0), "ingestor-stub-stop"));
        }
        return shared;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public IngestorStub put(Registration registration) {
        registrations.put(registration.getRegistrationKey(), registration);
        return this;
    }

    /** Answer every request with this status from now on (0: answer normally). */
    public void failWith(int status) {
        this.failWith = status;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(new Request(path, query, exchange.getRequestHeaders().getFirst("Authorization")));
        if (failWith != 0) {
            answer(exchange, failWith, "{\"status\":" + failWith + "}");
            return;
        }
        if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
            answer(exchange, 401, "{\"status\":401}");
            return;
        }
        if (path.equals("/registrations")) {
            answer(exchange, 200, json.writeValueAsString(search(parameters(query))));
            return;
        }
        String key = URLDecoder.decode(path.substring("/registrations/".length()), StandardCharsets.UTF_8);
        Registration r = registrations.get(key);
        if (r == null) {
            answer(exchange, 404, "{\"type\":\"https://kvksync.nl/problems/registration-not-found\",\"status\":404}");
        } else {
            answer(exchange, 200, json.writeValueAsString(toMap(r)));
        }
    }

    private Map<String, Object> search(Map<String, String> p) {
        List<Object> items = new ArrayList<>();
        for (Registration r : registrations.values()) {
            if (matches(r, p)) {
                items.add(toMap(r));
            }
        }
        int size = Integer.parseInt(p.getOrDefault("size", "20"));
        List<Object> page = items.size() > size ? items.subList(0, size) : items;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", page);
        answer.put("page", 0);
        answer.put("size", size);
        answer.put("total", items.size());
        answer.put("totalIsLowerBound", false);
        return answer;
    }

    private static boolean matches(Registration r, Map<String, String> p) {
        if (p.containsKey("kvkNummer") && !p.get("kvkNummer").equals(r.getKvkNummer())) {
            return false;
        }
        if (p.containsKey("vestigingsnummer") && !p.get("vestigingsnummer").equals(r.getVestigingsnummer())) {
            return false;
        }
        if (p.containsKey("postcode")) {
            String prefix = p.get("postcode").toUpperCase(Locale.ROOT);
            if (!startsWith(r.getVisitingAddress(), prefix) && !startsWith(r.getPostalAddress(), prefix)) {
                return false;
            }
        }
        if (p.containsKey("naam")) {
            List<String> names = new ArrayList<>(r.getTradeNames());
            names.add(r.getTradeName());
            names.add(r.getStatutoryName());
            List<String> nameWords = new ArrayList<>();
            for (String name : names) {
                if (name != null) {
                    nameWords.addAll(List.of(name.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")));
                }
            }
            for (String word : p.get("naam").toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (!word.isEmpty() && nameWords.stream().noneMatch(w -> w.startsWith(word))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean startsWith(Address a, String prefix) {
        return a != null && a.getPostcode() != null && a.getPostcode().toUpperCase(Locale.ROOT).startsWith(prefix);
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> p = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    p.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return p;
    }

    /** The Registration with its Avro field names, enums by symbol (as the ingestor writes it). */
    static Map<String, Object> toMap(IndexedRecord record) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Schema.Field f : record.getSchema().getFields()) {
            map.put(f.name(), value(record.get(f.pos())));
        }
        return map;
    }

    private static Object value(Object v) {
        if (v instanceof IndexedRecord r) {
            return toMap(r);
        }
        if (v instanceof List<?> list) {
            return list.stream().map(IngestorStub::value).toList();
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        return v instanceof CharSequence s ? s.toString() : v;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
