package nl.kvksync.testsupport.infra;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The MongoDB stand-in: mongo-java-server speaking the wire protocol on 127.0.0.1, in memory for tests or on
 * an H2 file for {@code ./kvk demo}. It has no transactions, no TTL indexes, no {@code hello} command; the
 * services only use what a real replica set and this stand-in both support.
 */
public final class MongoStandIn implements AutoCloseable {

    private final MongoServer server;
    private final int port;

    private MongoStandIn(MongoBackend backend, int port) {
        this.server = new MongoServer(backend);
        this.server.bind(new InetSocketAddress(Readiness.HOST, port));
        this.port = server.getLocalAddress().getPort();
    }

    public static MongoStandIn inMemory(int port) {
        return new MongoStandIn(new MemoryBackend(), port);
    }

    public static MongoStandIn onDisk(Path file, int port) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new MongoStandIn(new H2Backend(file.toAbsolutePath().toString()), port);
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "mongodb://" + Readiness.HOST + ":" + port;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    /** Runs the stand-in as its own process: {@code MongoStandIn <port> [<h2 file>]}. */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        MongoStandIn mongo = args.length > 1 ? onDisk(Path.of(args[1]), port) : inMemory(port);
        Runtime.getRuntime().addShutdownHook(new Thread(mongo::close, "mongo-stand-in-shutdown"));
        System.out.println("MongoDB stand-in listening on " + mongo.uri() + (args.length > 1 ? " (H2 " + args[1] + ")" : ""));
        Thread.currentThread().join();
    }
}
