package nl.kvksync.testsupport.infra;

import java.time.Duration;

import nl.kvksync.contracts.SubjectRegistrar;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same infrastructure from real servers in containers, where Docker exists: Apache Kafka, Apicurio
 * Registry and a MongoDB 8 replica set. Started once per JVM. Suites that use it are annotated
 * {@code @Testcontainers(disabledWithoutDocker = true)} and skip cleanly on a machine without Docker.
 */
public final class ContainerInfrastructure implements Infrastructure {

    public static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    public static final String REGISTRY_IMAGE = "apicurio/apicurio-registry-mem:2.6.13.Final";
    public static final String MONGO_IMAGE = "mongo:8.0.4";

    private static ContainerInfrastructure shared;

    private final KafkaContainer kafka;
    private final GenericContainer<?> registry;
    private final MongoDBContainer mongo;

    private ContainerInfrastructure() {
        kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
        registry = new GenericContainer<>(DockerImageName.parse(REGISTRY_IMAGE)).withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/health/ready").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
        mongo = new MongoDBContainer(DockerImageName.parse(MONGO_IMAGE));
    }

    public static synchronized ContainerInfrastructure shared() {
        if (shared == null) {
            ContainerInfrastructure started = new ContainerInfrastructure();
            started.kafka.start();
            started.registry.start();
            started.mongo.start();
            TopicAdmin.createAll(started.bootstrapServers(), 3);
            new SubjectRegistrar(started.registryUrl()).registerAll(Duration.ofSeconds(60));
            shared = started;
        }
        return shared;
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String registryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8080);
    }

    @Override
    public String mongoUri() {
        return mongo.getReplicaSetUrl();
    }
}
