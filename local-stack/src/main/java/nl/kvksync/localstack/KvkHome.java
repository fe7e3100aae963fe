package nl.kvksync.localstack;

import java.nio.file.Path;

/** Where {@code ./kvk} keeps its state: {@code $KVK_HOME/.kvk} (the project root, set by the script). */
public final class KvkHome {

    private KvkHome() {
    }

    public static Path root() {
        String home = System.getenv("KVK_HOME");
        return (home == null ? Path.of("") : Path.of(home)).toAbsolutePath();
    }

    public static Path state() {
        return root().resolve(".kvk");
    }

    public static Path jwtDir() {
        return state().resolve("jwt");
    }

    public static Path logs() {
        return state().resolve("logs");
    }
}
