package nl.kvksync.testsupport.infra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/** Waiting for things to be ready, and finding free ports, on 127.0.0.1. */
public final class Readiness {

    public static final String HOST = "127.0.0.1";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {
    }

    /** Polls {@code check} until it holds; fails with {@code what} and the process's log tail otherwise. */
    public static void await(String what, Duration timeout, ChildProcess process, BooleanSupplier check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.getAsBoolean()) {
                return;
            }
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(what + ": the process exited. Last log lines of " + process.logFile()
                        + ":\n" + process.logTail(30));
            }
            ChildProcess.pause(100);
        }
        throw new IllegalStateException(what + ": not ready after " + timeout.toSeconds() + " s"
                + (process == null ? "" : ". Last log lines of " + process.logFile() + ":\n" + process.logTail(30)));
    }

    public static boolean httpOk(String url) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Ports {@link #freePort()} has handed out in this JVM: the callers mean to listen on them. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A port nobody listens on right now and that this JVM has not handed out before: the system may give the same
     * ephemeral port to two probes in a row once the first is closed (a Kafka broker then got its controller on its
     * own client port), so each port is handed out once.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
                socket.setReuseAddress(true);
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("no free port on " + HOST, e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port on " + HOST + " that was not handed out already");
    }

    /** Fails with a message saying what to do when {@code port} is taken. */
    public static void requireFree(int port, String what) {
        if (listening(port)) {
            throw new IllegalStateException("port " + port + " (" + what + ") is already in use on " + HOST
                    + ": stop what runs there (is ./kvk up already running?) and try again");
        }
    }
}
