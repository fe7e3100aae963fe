package nl.kvksync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import nl.kvksync.testsupport.infra.ChildProcess;
import nl.kvksync.testsupport.infra.JavaCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path dir;

    @Test
    void stopTerminatesTheChild() {
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "300"), dir.resolve("s.log"), dir, Map.of());
        assertThat(child.isAlive()).isTrue();

        child.stop(Duration.ofSeconds(10));

        assertThat(ProcessHandle.of(child.pid())).isEmpty();
    }

    @Test
    void killEndsTheChildAtOnce() {
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "300"), dir.resolve("s.log"), dir, Map.of());

        child.kill();

        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void childDiesWhenItsParentJvmIsKilled() throws Exception {
        // A JVM that starts a supervised `sleep 300`, prints its pid, and waits.
        Process parent = new ProcessBuilder(JavaCommand.forMainClass(List.of("-Xmx64m"),
                JavaCommand.currentClasspath(), OrphanProbe.class.getName(), List.of(dir.toString())))
                .redirectErrorStream(true).start();
        long grandchild;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream()))) {
            grandchild = Long.parseLong(out.readLine().trim());
            assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive)).contains(true);

            parent.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook runs

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> ProcessHandle.of(grandchild).map(p -> !p.isAlive()).orElse(true));
        }
    }

    /** The parent in {@link #childDiesWhenItsParentJvmIsKilled()}. */
    public static final class OrphanProbe {
        public static void main(String[] args) throws InterruptedException {
            Path dir = Path.of(args[0]);
            ChildProcess child = ChildProcess.start("orphan", List.of("sleep", "300"), dir.resolve("o.log"), dir,
                    Map.of());
            System.out.println(child.pid());
            System.out.flush();
            Thread.currentThread().join();
        }
    }
}
