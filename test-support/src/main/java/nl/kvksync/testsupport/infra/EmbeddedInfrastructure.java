package nl.kvksync.testsupport.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import nl.kvksync.contracts.SubjectRegistrar;

/**
 * The test infrastructure on a machine without Docker: a KRaft broker and an Apicurio Registry as child
 * processes and an in-memory mongo-java-server, on free ports of 127.0.0.1, started once per JVM
 * ({@link #shared()}) and stopped when the JVM exits. Every catalogue topic exists and every subject is
 * registered before a test runs.
 */
public final class EmbeddedInfrastructure implements Infrastructure, AutoCloseable {

    private static EmbeddedInfrastructure shared;

    private final KafkaBroker broker;
    private final SchemaRegistry registry;
    private final MongoStandIn mongo;

    private EmbeddedInfrastructure(KafkaBroker broker, SchemaRegistry registry, MongoStandIn mongo) {
        this.broker = broker;
        this.registry = registry;
        this.mongo = mongo;
    }

    /** The one instance of this JVM, started on first use. */
    public static synchronized EmbeddedInfrastructure shared() {
        if (shared == null) {
            shared = start(Path.of("target", "kvk-infra"));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kvk-infra-shutdown"));
        }
        return shared;
    }

    /** Starts broker and registry in parallel under {@code workDir}; waits until both are ready. */
    public static EmbeddedInfrastructure start(Path workDir) {
        Path dir;
        try {
            Files.createDirectories(workDir);
            dir = Files.createTempDirectory(workDir.toAbsolutePath(), "run-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBroker broker = new KafkaBroker(Readiness.freePort(), dir.resolve("kafka"), dir.resolve("kafka.log"),
                JavaCommand.currentClasspath());
        SchemaRegistry registry = new SchemaRegistry(Readiness.freePort(), dir.resolve("apicurio-registry.log"));
        MongoStandIn mongo = MongoStandIn.inMemory(0);
        try {
            CompletableFuture<Void> kafka = CompletableFuture.runAsync(() -> broker.start(Duration.ofSeconds(90)));
            CompletableFuture<Void> apicurio = CompletableFuture.runAsync(() -> {
                registry.start(Duration.ofSeconds(90));
                new SubjectRegistrar(registry.url()).registerAll(Duration.ofSeconds(30));
            });
            kafka.join();
            TopicAdmin.createAll(broker.bootstrapServers(), 3);
            apicurio.join();
        } catch (RuntimeException e) {
            broker.close();
            registry.close();
            mongo.close();
            throw e;
        }
        return new EmbeddedInfrastructure(broker, registry, mongo);
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public String registryUrl() {
        return registry.url();
    }

    @Override
    public String mongoUri() {
        return mongo.uri();
    }

    public KafkaBroker broker() {
        return broker;
    }

    @Override
    public void close() {
        broker.close();
        registry.close();
        mongo.close();
    }
}
