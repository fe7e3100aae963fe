package nl.kvksync.testsupport.infra;

/** Where the broker, the schema registry and MongoDB of a test run or a local stack are. */
public interface Infrastructure {

    String bootstrapServers();

    /** Base URL of the registry (http://host:port), without an API path. */
    String registryUrl();

    String mongoUri();
}
