package nl.kvksync.review.proposal;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import nl.kvksync.contracts.matcher.ProposalKind;
import org.springframework.stereotype.Component;

/**
 * {@code kvksync.proposals.pending{kind, age}} (age buckets 1d, 7d, 30d, older: 12 series at most) and
 * {@code kvksync.proposals.stale}, computed from the index at most once a second.
 */
@Component
class ProposalMetrics {

    static final String[] BUCKETS = {"lt1d", "lt7d", "lt30d", "ge30d"};

    private record Snapshot(long at, Map<ProposalKind, long[]> pending, long stale) {
    }

    private final ProposalIndex index;
    private final ProposalProperties properties;
    private final Clock clock;
    private final AtomicReference<Snapshot> last = new AtomicReference<>(new Snapshot(0, Map.of(), 0));

    ProposalMetrics(ProposalIndex index, ProposalProperties properties, MeterRegistry meters) {
        this.index = index;
        this.properties = properties;
        this.clock = Clock.systemUTC();
        for (ProposalKind kind : new ProposalKind[] {ProposalKind.UPDATE, ProposalKind.ENDED, ProposalKind.NEW}) {
            for (int b = 0; b < BUCKETS.length; b++) {
                int bucket = b;
                Gauge.builder("kvksync.proposals.pending", () -> snapshot().pending().getOrDefault(kind,
                                new long[BUCKETS.length])[bucket])
                        .tag("kind", kind.name()).tag("age", BUCKETS[b])
                        .description("pending proposals by kind and age").register(meters);
            }
        }
        Gauge.builder("kvksync.proposals.stale", () -> snapshot().stale())
                .description("pending proposals older than kvksync.review.proposals.stale-after").register(meters);
    }

    private Snapshot snapshot() {
        long now = clock.millis();
        Snapshot s = last.get();
        if (now - s.at() < 1000) {
            return s;
        }
        Map<ProposalKind, long[]> pending = new EnumMap<>(ProposalKind.class);
        long[] stale = {0};
        long staleMillis = properties.staleAfter().toMillis();
        index.forEach(p -> {
            if (p.status() != ProposalStatus.PENDING) {
                return;
            }
            long age = now - p.raisedAt();
            pending.computeIfAbsent(p.kind(), k -> new long[BUCKETS.length])[bucket(age)]++;
            if (age >= staleMillis) {
                stale[0]++;
            }
        });
        Snapshot fresh = new Snapshot(now, pending, stale[0]);
        last.set(fresh);
        return fresh;
    }

    static int bucket(long ageMillis) {
        long days = ageMillis / 86_400_000L;
        return days < 1 ? 0 : days < 7 ? 1 : days < 30 ? 2 : 3;
    }
}
