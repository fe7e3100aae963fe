package nl.kvksync.review.profile;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.matcher.ImportProgressed;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes matcher.import-progressed.v1 (key: environmentId:importId) into the import's progress. Idempotent: an
 * event older than the applied one changes nothing. Failures: three blocking retries, then
 * matcher.import-progressed.v1-dlt.
 */
@Component
class ImportProgressedListener {

    private final ImportStore imports;

    ImportProgressedListener(ImportStore imports) {
        this.imports = imports;
    }

    @KafkaListener(topics = Topics.IMPORT_PROGRESSED)
    void on(ImportProgressed event) {
        imports.progress(event);
    }
}
