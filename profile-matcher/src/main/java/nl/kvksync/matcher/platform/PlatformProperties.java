package nl.kvksync.matcher.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param registryUrl       base URL of the schema registry (http://host:port)
 * @param partitions        partitions of the topics this service creates
 * @param replicationFactor replication of the topics this service creates
 * @param createTopics      create the topics this service uses at start-up (off where Strimzi declares them)
 */
@ConfigurationProperties("kvksync")
public record PlatformProperties(@DefaultValue("http://127.0.0.1:8085") String registryUrl,
        @DefaultValue("3") int partitions, @DefaultValue("1") short replicationFactor,
        @DefaultValue("true") boolean createTopics) {
}
