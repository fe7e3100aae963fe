package nl.kvksync.localstack;

import java.nio.file.Path;
import java.util.List;

/**
 * One of the four services as the local stack runs it: its module (and so its executable jar), its HTTP port and
 * its JVM memory.
 */
public record ServiceSpec(String module, int port, String heap) {

    public static final String INGESTOR = "kvk-feed-ingestor";
    public static final String MATCHER = "profile-matcher";
    public static final String REVIEW = "review-api";
    public static final String CRM_SYNC = "crm-sync-service";

    /** The services on their fixed local ports. */
    public static List<ServiceSpec> defaults() {
        return List.of(new ServiceSpec(INGESTOR, 8081, "1g"), new ServiceSpec(MATCHER, 8082, "1g"),
                new ServiceSpec(REVIEW, 8080, "768m"), new ServiceSpec(CRM_SYNC, 8083, "768m"));
    }

    public Path executableJar(Path projectRoot) {
        return projectRoot.resolve(module).resolve("target").resolve(module + "-exec.jar");
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public ServiceSpec onPort(int newPort) {
        return new ServiceSpec(module, newPort, heap);
    }
}
