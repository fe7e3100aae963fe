package nl.kvksync.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import nl.kvksync.contracts.AvroWire;
import nl.kvksync.contracts.SubjectRegistrar;
import nl.kvksync.testsupport.infra.ChildProcess;
import nl.kvksync.testsupport.infra.Infrastructure;
import nl.kvksync.testsupport.infra.JavaCommand;
import nl.kvksync.testsupport.infra.KafkaBroker;
import nl.kvksync.testsupport.infra.MongoStandIn;
import nl.kvksync.testsupport.infra.Readiness;
import nl.kvksync.testsupport.infra.SchemaRegistry;
import nl.kvksync.testsupport.infra.TopicAdmin;
import nl.kvksync.testsupport.security.JwtIssuer;

/**
 * The whole platform on one machine: a KRaft broker, an Apicurio Registry and the MongoDB stand-in (H2 on disk),
 * then the four services from their executable jars, each a supervised child process bound to 127.0.0.1 that
 * dies with this JVM. State lives under {@code stateDir} ({@code .kvk/} for {@code ./kvk}), logs under its
 * {@code logs/}. Used by {@code ./kvk up|demo}, {@code ./kvk bench} and the end-to-end tests.
 */
public final class LocalStack implements Infrastructure, AutoCloseable {

    /** Where and how to run: fixed ports for {@code ./kvk}, free ones for tests. */
    public record Layout(Path projectRoot, Path stateDir, int kafkaPort, int registryPort, int mongoPort,
            List<ServiceSpec> services, boolean mongoOnDisk) {

        public static Layout fixed(Path projectRoot, Path stateDir) {
            return new Layout(projectRoot, stateDir, 9092, 8085, 27017, ServiceSpec.defaults(), true);
        }

        public static Layout freePorts(Path projectRoot, Path stateDir) {
            return new Layout(projectRoot, stateDir, Readiness.freePort(), Readiness.freePort(), Readiness.freePort(),
                    ServiceSpec.defaults().stream().map(s -> s.onPort(Readiness.freePort())).toList(), false);
        }

        public ServiceSpec service(String module) {
            return services.stream().filter(s -> s.module().equals(module)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no service " + module));
        }

        Path logs() {
            return stateDir.resolve("logs");
        }
    }

    private final Layout layout;
    private final Consumer<String> progress;
    private final JwtIssuer issuer;
    private KafkaBroker broker;
    private SchemaRegistry registry;
    private ChildProcess mongo;
    private final Map<String, ChildProcess> services = new LinkedHashMap<>();

    public LocalStack(Layout layout, Consumer<String> progress) {
        this.layout = layout;
        this.progress = progress;
        this.issuer = JwtIssuer.loadOrCreate(layout.stateDir().resolve("jwt"));
    }

    public Layout layout() {
        return layout;
    }

    public JwtIssuer issuer() {
        return issuer;
    }

    /** Starts the infrastructure, then the services; returns when every service reports ready. */
    public LocalStack start() {
        checkJars();
        checkPortsFree();
        startInfrastructure();
        startServices();
        return this;
    }

    public void startInfrastructure() {
        try {
            Files.createDirectories(layout.logs());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long t0 = System.nanoTime();
        String classpath = JavaCommand.currentClasspath();
        broker = new KafkaBroker(layout.kafkaPort(), layout.stateDir().resolve("kafka"), layout.logs().resolve("kafka.log"),
                classpath);
        registry = new SchemaRegistry(layout.registryPort(), layout.logs().resolve("schema-registry.log"));
        progress.accept("starting Kafka (" + layout.kafkaPort() + "), schema registry (" + layout.registryPort()
                + ") and the MongoDB stand-in (" + layout.mongoPort() + ")");
        CompletableFuture<Void> kafka = CompletableFuture.runAsync(() -> broker.start(Duration.ofSeconds(120)));
        CompletableFuture<Void> schemas = CompletableFuture.runAsync(() -> {
            registry.start(Duration.ofSeconds(120));
            new SubjectRegistrar(registry.url()).registerAll(Duration.ofSeconds(30));
        });
        startMongo(classpath);
        kafka.join();
        TopicAdmin.createAll(broker.bootstrapServers(), 3);
        schemas.join();
        progress.accept(String.format("infrastructure ready in %.1f s", (System.nanoTime() - t0) / 1e9));
    }

    private void startMongo(String classpath) {
        List<String> args = new ArrayList<>(List.of(String.valueOf(layout.mongoPort())));
        if (layout.mongoOnDisk()) {
            args.add(layout.stateDir().resolve("mongo").resolve("kvk-sync.mv.db").toString());
        }
        // In memory (./kvk bench) every document lives on the heap: at 20,000 proposals the live set passes 700 MB,
        // and a 1 GiB heap spent most of the bulk stage in full collections. On disk (H2) the heap is a cache.
        String heap = layout.mongoOnDisk() ? "-Xmx1g" : "-Xmx4g";
        mongo = ChildProcess.start("mongo-stand-in", JavaCommand.forMainClass(List.of("-Xms64m", heap,
                "-XX:+UseSerialGC"), classpath, MongoStandIn.class.getName(), args), layout.logs().resolve("mongo.log"),
                layout.stateDir(), Map.of());
        Readiness.await("MongoDB stand-in on " + layout.mongoPort(), Duration.ofSeconds(60), mongo,
                () -> Readiness.listening(layout.mongoPort()));
    }

    public void startServices() {
        long t0 = System.nanoTime();
        for (ServiceSpec spec : layout.services()) {
            startService(spec);
        }
        for (ServiceSpec spec : layout.services()) {
            awaitReady(spec);
        }
        progress.accept(String.format("services ready in %.1f s", (System.nanoTime() - t0) / 1e9));
    }

    /** Starts (or restarts) one service; does not wait for it. */
    public ChildProcess startService(ServiceSpec spec) {
        Path workDir = layout.stateDir().resolve("run").resolve(spec.module());
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A young generation of its own size: grown from -Xms128m it stays ~40 MB, and the ingestor collected 650
        // times (13.5 s of pauses) while loading a million registrations; with 128 MB 128 times (5.5 s), with 256 MB
        // 66 times (3.0 s). A young collection copies what is alive, not what is dead: fewer of them cost less.
        List<String> command = List.of(JavaCommand.javaExecutable(), "-Xms512m", "-Xmn256m", "-Xmx" + spec.heap(),
                "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-D" + AvroWire.TRUSTED_PACKAGES_PROPERTY + "=" + AvroWire.TRUSTED_PACKAGES,
                "-jar", spec.executableJar(layout.projectRoot()).toString());
        ChildProcess process = ChildProcess.start(spec.module(), command, layout.logs().resolve(spec.module() + ".log"),
                workDir, environment(spec));
        services.put(spec.module(), process);
        progress.accept("started " + spec.module() + " on " + spec.url() + " (pid " + process.pid() + ")");
        return process;
    }

    public void awaitReady(ServiceSpec spec) {
        Readiness.await(spec.module() + " readiness on " + spec.url(), Duration.ofSeconds(240), services.get(spec.module()),
                () -> Readiness.httpOk(spec.url() + "/actuator/health/readiness"));
        progress.accept(spec.module() + " is ready");
    }

    private Map<String, String> environment(ServiceSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_ADDRESS", Readiness.HOST);
        env.put("SERVER_PORT", String.valueOf(spec.port()));
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", registryUrl());
        env.put("MONGODB_URI", mongoUri());
        env.put("KVK_JWT_PUBLIC_KEY", "file:" + issuer.publicKeyPem().toAbsolutePath());
        env.put("INGESTOR_URL", layout.service(ServiceSpec.INGESTOR).url());
        env.put("MATCHER_URL", layout.service(ServiceSpec.MATCHER).url());
        env.put("REVIEW_URL", layout.service(ServiceSpec.REVIEW).url());
        env.put("CRM_SYNC_URL", layout.service(ServiceSpec.CRM_SYNC).url());
        // Every service keeps its local state under the stack's state directory, next to the broker's data, so
        // that deleting .kvk/ resets everything at once and no stale state outlives the broker it belongs to.
        Path state = layout.stateDir().resolve("run").resolve(spec.module()).toAbsolutePath();
        env.put("KVK_STATE_DIR", state.resolve("state").toString());
        env.put("KVK_MUTATIESERVICE_STATE_DIR", state.resolve("mutatieservice").toString());
        env.put("KVK_INBOX_DIR", layout.stateDir().resolve("inbox").toAbsolutePath().toString());
        env.put("MATCHER_STATE_DIR", state.resolve("streams").toString());
        // review-api re-sends a decision whose send a crash cut off after 20 s here, not 2 minutes: one machine,
        // no slow network to wait for.
        env.put("KVKSYNC_REVIEW_DECISIONS_RELAY_INTERVAL", "PT5S");
        env.put("KVKSYNC_REVIEW_DECISIONS_RELAY_GRACE", "PT20S");
        return env;
    }

    public ChildProcess service(String module) {
        return services.get(module);
    }

    public KafkaBroker broker() {
        return broker;
    }

    /** Every process this stack runs, by name: the broker, the registry, the Mongo stand-in and the services. */
    public Map<String, ChildProcess> processes() {
        Map<String, ChildProcess> all = new LinkedHashMap<>();
        if (broker != null && broker.process() != null) {
            all.put("kafka", broker.process());
        }
        if (registry != null && registry.process() != null) {
            all.put("schema-registry", registry.process());
        }
        if (mongo != null) {
            all.put("mongo-stand-in", mongo);
        }
        all.putAll(services);
        return all;
    }

    @Override
    public String bootstrapServers() {
        return Readiness.HOST + ":" + layout.kafkaPort();
    }

    @Override
    public String registryUrl() {
        return "http://" + Readiness.HOST + ":" + layout.registryPort();
    }

    @Override
    public String mongoUri() {
        return "mongodb://" + Readiness.HOST + ":" + layout.mongoPort();
    }

    /** Stops the services first, then the infrastructure. */
    @Override
    public void close() {
        List<ChildProcess> running = new ArrayList<>(services.values());
        java.util.Collections.reverse(running);
        running.parallelStream().forEach(p -> p.stop(Duration.ofSeconds(30)));
        if (mongo != null) {
            mongo.stop(Duration.ofSeconds(20));
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private void checkJars() {
        for (ServiceSpec spec : layout.services()) {
            Path jar = spec.executableJar(layout.projectRoot());
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build first with ./mvnw -B install -DskipTests");
            }
        }
    }

    private void checkPortsFree() {
        Readiness.requireFree(layout.kafkaPort(), "Kafka");
        Readiness.requireFree(layout.registryPort(), "schema registry");
        Readiness.requireFree(layout.mongoPort(), "MongoDB stand-in");
        for (ServiceSpec spec : layout.services()) {
            Readiness.requireFree(spec.port(), spec.module());
        }
    }
}
