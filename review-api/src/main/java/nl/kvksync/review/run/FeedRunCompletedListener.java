package nl.kvksync.review.run;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.kvk.FeedRunCompleted;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes kvk.feed-runs.v1 (compacted; key feedId) into the runs summary. Idempotent: a run report replaces the
 * stored one by feed id. Failures: three blocking retries, then kvk.feed-runs.v1-dlt.
 */
@Component
class FeedRunCompletedListener {

    private final FeedRunStore runs;

    FeedRunCompletedListener(FeedRunStore runs) {
        this.runs = runs;
    }

    @KafkaListener(topics = Topics.FEED_RUNS)
    void on(FeedRunCompleted run) {
        runs.save(run);
    }
}
