package nl.kvksync.testsupport.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A supervised child process: its output goes to a log file, and it dies with its parent. The command runs
 * under a small POSIX shell watchdog that holds the parent's end of a pipe; when the parent JVM exits for any
 * reason, SIGKILL included, the pipe closes and the watchdog terminates the child (SIGTERM, then SIGKILL after
 * 15 s). So neither tests nor {@code ./kvk} leave orphans behind.
 */
public final class ChildProcess implements AutoCloseable {

    private static final String WATCHDOG = """
            exec 3<&0
            "$@" </dev/null &
            child=$!
            echo "$child" > "$KVK_CHILD_PIDFILE"
            trap 'kill -TERM "$child" 2>/dev/null' TERM INT HUP
            ( while read -r _ <&3; do :; done; kill -TERM "$child" 2>/dev/null; sleep 15; kill -KILL "$child" 2>/dev/null ) &
            watcher=$!
            while :; do
              wait "$child"; status=$?
              kill -0 "$child" 2>/dev/null || break
            done
            kill "$watcher" 2>/dev/null
            exit "$status"
            """;

    private final String name;
    private final Process shell;
    private final Path logFile;
    private final long childPid;

    private ChildProcess(String name, Process shell, Path logFile, long childPid) {
        this.name = name;
        this.shell = shell;
        this.logFile = logFile;
        this.childPid = childPid;
    }

    /** Starts {@code command} with its output appended to {@code logFile}. */
    public static ChildProcess start(String name, List<String> command, Path logFile, Path workDir,
            Map<String, String> environment) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Path pidFile = Files.createTempFile("kvk-" + name, ".pid");
            List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "kvk-" + name));
            wrapped.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(wrapped)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            builder.environment().putAll(environment);
            builder.environment().put("KVK_CHILD_PIDFILE", pidFile.toString());
            Process shell = builder.start();
            long pid = awaitPid(pidFile, shell, name, logFile);
            Files.deleteIfExists(pidFile);
            return new ChildProcess(name, shell, logFile, pid);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    private static long awaitPid(Path pidFile, Process shell, String name, Path logFile) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String content = Files.exists(pidFile) ? Files.readString(pidFile).trim() : "";
            if (!content.isEmpty()) {
                return Long.parseLong(content);
            }
            if (!shell.isAlive()) {
                throw new IllegalStateException(name + " exited at once; see " + logFile);
            }
            pause(20);
        }
        throw new IllegalStateException(name + " did not start within 10 s; see " + logFile);
    }

    public String name() {
        return name;
    }

    /** The pid of the process itself (not of its watchdog). */
    public long pid() {
        return childPid;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** SIGKILL, as a crash would: no shutdown hooks, no flush. */
    public void kill() {
        ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly);
        waitForShell(Duration.ofSeconds(20));
    }

    /** SIGTERM, then SIGKILL when it has not exited within {@code grace}. */
    public void stop(Duration grace) {
        if (!shell.isAlive()) {
            return;
        }
        Optional<ProcessHandle> child = ProcessHandle.of(childPid);
        child.ifPresent(ProcessHandle::destroy);
        if (!waitForShell(grace)) {
            child.ifPresent(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
            waitForShell(Duration.ofSeconds(10));
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    /** The last lines of the log, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private boolean waitForShell(Duration timeout) {
        try {
            return shell.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
