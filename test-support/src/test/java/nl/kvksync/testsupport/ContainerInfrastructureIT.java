package nl.kvksync.testsupport;

import nl.kvksync.testsupport.infra.ContainerInfrastructure;
import nl.kvksync.testsupport.infra.Infrastructure;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same checks against Apache Kafka, Apicurio Registry and a MongoDB replica set in containers. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerInfrastructureIT extends EmbeddedInfrastructureIT {

    @Override
    Infrastructure infrastructure() {
        return ContainerInfrastructure.shared();
    }
}
