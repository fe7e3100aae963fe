package nl.kvksync.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One local stack (broker, registry, Mongo stand-in and the four services as processes, on free ports) for the
 * end-to-end tests of this JVM that can share it; each test works in environments of its own. Stopped when the JVM
 * exits; the processes would die with it anyway.
 */
public final class SharedStack {

    private static LocalStack stack;

    private SharedStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            try {
                Path state = Files.createDirectories(Path.of("target", "e2e")).resolve("shared-" + System.nanoTime());
                stack = new LocalStack(LocalStack.Layout.freePorts(projectRoot(), state),
                        message -> System.out.println("[stack] " + message)).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "shared-stack-shutdown"));
        }
        return stack;
    }

    /** The repository root: the tests run in local-stack/. */
    public static Path projectRoot() {
        return Path.of("..").toAbsolutePath().normalize();
    }
}
