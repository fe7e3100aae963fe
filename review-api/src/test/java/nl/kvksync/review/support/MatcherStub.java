package nl.kvksync.review.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * A small local HTTP stand-in for the profile-matcher's dry run ({@code POST /environments/{env}/profiles:preview}),
 * on a free port of 127.0.0.1, for review-api's own tests; the lead's end-to-end test drives the real matcher.
 * It answers deterministically from the body: {@code selected} = 5 per postcode in the ranges (5200-5500 -> 1505),
 * or 250,000 without ranges; {@code alreadySubscribed} = selected / 10. It records what it was sent.
 */
public final class MatcherStub implements AutoCloseable {

    /** One call received. */
    public record Call(String path, String authorization, String body) {
    }

    private static MatcherStub shared;

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private static final Pattern RANGE = Pattern.compile("\"from\"\\s*:\\s*(\\d+)\\s*,\\s*\"to\"\\s*:\\s*(\\d+)");

    private MatcherStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/environments/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            calls.add(new Call(path, exchange.getRequestHeaders().getFirst("Authorization"), body));
            byte[] answer;
            int status = 200;
            if (!"POST".equals(exchange.getRequestMethod()) || !path.endsWith("/profiles:preview")) {
                status = 404;
                answer = "{\"detail\":\"no such route\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                long selected = 0;
                Matcher m = RANGE.matcher(body);
                boolean any = false;
                while (m.find()) {
                    any = true;
                    selected += 5L * (Long.parseLong(m.group(2)) - Long.parseLong(m.group(1)) + 1);
                }
                if (!any) {
                    selected = 250_000;
                }
                answer = ("{\"selected\":" + selected + ",\"alreadySubscribed\":" + selected / 10
                        + ",\"sample\":[{\"registrationKey\":\"000038509504\",\"tradeName\":\"Test EMZ Dagobert\"}],"
                        + "\"bySbiSection\":{\"S\":" + selected + "},\"byPostcodeRegion\":{\"52\":" + selected
                        + "},\"band\":{\"min\":1000,\"max\":20000},\"withinBand\":"
                        + (selected >= 1000 && selected <= 20000) + "}").getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    public static synchronized MatcherStub shared() {
        if (shared == null) {
            try {
                shared = new MatcherStub();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "matcher-stub-shutdown"));
        }
        return shared;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Call> calls() {
        return calls;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
