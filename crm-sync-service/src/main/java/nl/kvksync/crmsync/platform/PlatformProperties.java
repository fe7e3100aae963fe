package nl.kvksync.crmsync.platform;

import java.util.HashMap;
import java.util.Map;

import nl.kvksync.contracts.AvroWire;
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

    /**
     * The serde configuration of this service's serializers: {@link AvroWire#serdeConfig} plus {@code find-latest}.
     * Without it the serializer looks its schema up by content, and for a record that nests records of another
     * namespace (OrganisationChanged holds a crm.Organisation with kvk.Address, ProposalDecided a kvk.Registration)
     * it computes that content with the nested types split off as references, which matches nothing the registrar
     * registered (ArtifactNotFoundException). The subject's latest version is the schema this build registered.
     */
    public static Map<String, Object> producerSerdeConfig(String registryUrl) {
        Map<String, Object> config = new HashMap<>(AvroWire.serdeConfig(registryUrl));
        config.put("apicurio.registry.find-latest", "true");
        return config;
    }
}
