package nl.kvksync.review.environment;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.EnvironmentChanged;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes crm.environments.v1 (compacted; key environmentId) into the environment directory. Idempotent: written
 * by version. Failures: three blocking retries, then crm.environments.v1-dlt.
 */
@Component
class EnvironmentChangedListener {

    private final EnvironmentDirectory directory;

    EnvironmentChangedListener(EnvironmentDirectory directory) {
        this.directory = directory;
    }

    @KafkaListener(topics = Topics.ENVIRONMENTS)
    void on(EnvironmentChanged event) {
        directory.apply(event);
    }
}
