package nl.kvksync.ingestor.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import nl.kvksync.testsupport.spring.KvkStack;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one Spring context of this module's integration tests: the shared embedded infrastructure and a fresh state
 * directory (replica, spool, inbox) per test JVM, since the broker is fresh per JVM too. Subclass it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@KvkStack
public abstract class IngestorContext {

    private static Path stateDir;

    public static synchronized Path stateDir() {
        if (stateDir == null) {
            try {
                Files.createDirectories(Path.of("target"));
                stateDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "it-state-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stateDir;
    }

    @DynamicPropertySource
    static void stateDirectories(DynamicPropertyRegistry registry) {
        registry.add("kvksync.ingestor.runs.state-dir", () -> stateDir().toString());
        registry.add("kvksync.ingestor.runs.inbox-dir", () -> stateDir().resolve("inbox").toString());
        registry.add("kvksync.ingestor.runs.inbox-poll", () -> "200ms");
        registry.add("kvksync.ingestor.runs.batch-lines", () -> "500");
        // helper B's Mutatieservice IT shares this context: its KvK stand-in, never api.kvk.nl
        registry.add("kvksync.ingestor.mutatieservice.base-url", nl.kvksync.ingestor.mutatieservice.SharedKvkStub::url);
        registry.add("kvksync.ingestor.mutatieservice.state-dir", () -> stateDir().resolve("mutatieservice").toString());
    }
}
