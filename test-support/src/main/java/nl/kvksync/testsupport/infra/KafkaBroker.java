package nl.kvksync.testsupport.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller, one node) as a child JVM running
 * {@code kafka.Kafka} from the Maven Central jars, listening on 127.0.0.1. Its data directory survives a
 * {@link #kill()} so that a restart resumes with the same topics and offsets.
 */
public final class KafkaBroker implements AutoCloseable {

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final Path logFile;
    private final String classpath;
    private ChildProcess process;

    public KafkaBroker(int port, Path dataDir, Path logFile, String classpath) {
        this.port = port;
        this.controllerPort = Readiness.freePort();
        this.dataDir = dataDir.toAbsolutePath();
        this.logFile = logFile;
        this.classpath = classpath;
    }

    public String bootstrapServers() {
        return Readiness.HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public ChildProcess process() {
        return process;
    }

    /** Formats the storage on first use, starts the broker and waits until it serves metadata. */
    public KafkaBroker start(Duration timeout) {
        Readiness.requireFree(port, "Kafka");
        Path config = writeConfig();
        if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            format(config);
        }
        process = ChildProcess.start("kafka", JavaCommand.forMainClass(jvmArgs(), classpath, "kafka.Kafka",
                List.of(config.toString())), logFile, dataDir, Map.of());
        Readiness.await("Kafka broker on " + bootstrapServers(), timeout, process, this::servesMetadata);
        return this;
    }

    /** SIGKILL: the broker crashes; {@link #start(Duration)} brings it back on the same port and data. */
    public void kill() {
        if (process != null) {
            process.kill();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
        }
    }

    private List<String> jvmArgs() {
        // C1 only: a broker that lives for a test run or a local stack spends more CPU compiling with C2 than
        // serving. Through a million-registration IngestBench its compiler threads took 9.1 CPU-s, its request
        // handlers 5.6; under ./kvk up the broker took 11.5 CPU-s of that load with C1 alone, 20-21 with C2.
        // A production broker runs for months and keeps C2.
        List<String> args = new ArrayList<>(List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + writeLogbackConfig()));
        return args;
    }

    private void format(Path config) {
        Path formatLog = logFile.resolveSibling(logFile.getFileName() + ".format");
        ChildProcess formatter = ChildProcess.start("kafka-storage-format",
                JavaCommand.forMainClass(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-Dlogback.configurationFile=" + writeLogbackConfig()), classpath, "kafka.tools.StorageTool",
                        List.of("format", "-t", randomClusterId(), "-c", config.toString(), "--ignore-formatted")),
                formatLog, dataDir, Map.of());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (formatter.isAlive() && System.nanoTime() < deadline) {
            ChildProcess.pause(50);
        }
        if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            formatter.stop(Duration.ofSeconds(5));
            throw new IllegalStateException("formatting the Kafka storage failed:\n" + formatter.logTail(20));
        }
    }

    /** A random cluster id (base64url of a UUID) that does not start with '-', which the storage tool reads as an option. */
    private static String randomClusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private Path writeConfig() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@" + Readiness.HOST + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + Readiness.HOST + ":" + port + ",CONTROLLER://" + Readiness.HOST
                + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + Readiness.HOST + ":" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dataDir.resolve("logs").toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "5");
        // Transactions V2 (Kafka 4): a transactional produce adds its partition to the transaction on the broker,
        // which retries that while the coordinator still writes the previous commit's markers - for 100 ms by
        // default. On this one-node broker sharing two cores the markers often take longer; the producer then gets
        // CONCURRENT_TRANSACTIONS, every batch behind it OUT_OF_ORDER_SEQUENCE_NUMBER, and retries them all with its
        // own back-off (up to a second per commit): exactly-once Streams apps crawl. Wait up to 5 s on the broker
        // instead (far below request.timeout.ms, 30 s); a healthy broker answers in milliseconds either way.
        p.setProperty("add.partitions.to.txn.retry.backoff.max.ms", "5000");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.setProperty("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve("server.properties");
            try (var out = Files.newBufferedWriter(file)) {
                p.store(out, "written by KvK Sync test-support");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path writeLogbackConfig() {
        Path file = dataDir.resolve("logback.xml");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(file, """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="OUT"/></root>
                      <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                    </configuration>
                    """);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean servesMetadata() {
        if (!Readiness.listening(port)) {
            return false;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }
}
