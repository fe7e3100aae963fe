package nl.kvksync.crmsync.decision;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import nl.kvksync.contracts.review.ProposalDecided;
import org.springframework.stereotype.Component;

/**
 * Decision metrics: {@code kvksync.decisions.applied} and {@code kvksync.decisions.failed} by proposal kind
 * (failed also by reason), duplicates and ignored (REJECTED) decisions, optimistic-locking conflicts, the apply
 * latency (from the decision's {@code occurredAt} to its events acknowledged by Kafka) and the batch duration.
 */
@Component
class DecisionMetrics {

    private final MeterRegistry meters;
    private final Counter duplicates;
    private final Counter ignored;
    private final Counter conflicts;
    private final Timer latency;
    private final Timer batches;

    DecisionMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.duplicates = Counter.builder("kvksync.decisions.duplicates")
                .description("redelivered decisions recognised as already applied").register(meters);
        this.ignored = Counter.builder("kvksync.decisions.ignored")
                .description("decisions consumed without effect (REJECTED)").register(meters);
        this.conflicts = Counter.builder("kvksync.decisions.conflicts")
                .description("organisations changed concurrently while a batch applied decisions to them")
                .register(meters);
        this.latency = Timer.builder("kvksync.decisions.apply.latency")
                .description("from the decision's occurredAt until its events were acknowledged by Kafka")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.batches = Timer.builder("kvksync.decisions.batch").description("time to apply one batch of decisions")
                .register(meters);
    }

    void applied(ProposalDecided d, Instant done) {
        Counter.builder("kvksync.decisions.applied").tag("kind", d.getKind().name())
                .tag("decision", d.getDecision().name()).register(meters).increment();
        latency.record(Duration.between(d.getOccurredAt(), done).abs());
    }

    void failed(ProposalDecided d, String reason) {
        Counter.builder("kvksync.decisions.failed").tag("kind", d.getKind().name()).tag("reason", reason)
                .register(meters).increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void ignored() {
        ignored.increment();
    }

    void conflicts(int count) {
        conflicts.increment(count);
    }

    void batch(Duration duration) {
        batches.record(duration);
    }
}
