package nl.kvksync.testsupport.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Apicurio Registry 2.6.13.Final (in-memory storage) as a child process on 127.0.0.1. Its distribution is the
 * Maven artifact {@code io.apicurio:apicurio-registry-app:tar.gz:all}, which the test-support build resolves;
 * it is unpacked once per machine under {@code ~/.cache/kvk-sync/}.
 */
public final class SchemaRegistry implements AutoCloseable {

    private final int port;
    private final Path logFile;
    private ChildProcess process;

    public SchemaRegistry(int port, Path logFile) {
        this.port = port;
        this.logFile = logFile;
    }

    public String url() {
        return "http://" + Readiness.HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public ChildProcess process() {
        return process;
    }

    public SchemaRegistry start(Duration timeout) {
        Readiness.requireFree(port, "schema registry");
        Path runner = distribution();
        process = ChildProcess.start("apicurio-registry", List.of(JavaCommand.javaExecutable(), "-Xms64m", "-Xmx384m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.host=" + Readiness.HOST,
                "-Dquarkus.http.port=" + port, "-Dquarkus.log.level=WARN",
                "-Dquarkus.log.category.\"io.quarkus\".level=INFO", "-jar", runner.toString()),
                logFile, runner.getParent(), Map.of());
        Readiness.await("Apicurio Registry on " + url(), timeout, process,
                () -> Readiness.httpOk(url() + "/health/ready"));
        return this;
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(20));
        }
    }

    /** The runner jar of the unpacked distribution, unpacking it first when needed. */
    public static synchronized Path distribution() {
        Properties infra = new Properties();
        try (InputStream in = SchemaRegistry.class.getResourceAsStream("/kvk-infra.properties")) {
            infra.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("kvk-infra.properties missing from test-support; rebuild it", e);
        }
        String version = infra.getProperty("apicurio.version");
        Path archive = Path.of(infra.getProperty("apicurio.archive"));
        Path home = cacheDir().resolve("apicurio-registry-app-" + version);
        Path runner = home.resolve("apicurio-registry-app-" + version + "-runner.jar");
        if (Files.isRegularFile(runner)) {
            return runner;
        }
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the Apicurio Registry distribution " + archive + " is missing: run "
                    + "./mvnw -pl test-support -am install -DskipTests to let Maven fetch it");
        }
        unpack(archive, home);
        return runner;
    }

    private static Path cacheDir() {
        String configured = System.getenv("KVK_CACHE_DIR");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".cache", "kvk-sync");
    }

    /** tar into a private directory, then an atomic rename: concurrent builds never see half a distribution. */
    private static void unpack(Path archive, Path home) {
        try {
            Files.createDirectories(home.getParent());
            Path staging = Files.createTempDirectory(home.getParent(), home.getFileName() + ".unpacking");
            Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", staging.toString())
                    .redirectErrorStream(true).start();
            String output = new String(tar.getInputStream().readAllBytes());
            if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                throw new IllegalStateException("unpacking " + archive + " failed: " + output);
            }
            try {
                Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | java.nio.file.FileAlreadyExistsException
                    | java.nio.file.DirectoryNotEmptyException e) {
                deleteTree(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking " + archive, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
