package nl.kvksync.matcher.streams;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Readiness of the matcher: UP once Kafka Streams is RUNNING, which it only reaches after the global stores
 * (register, environments, profiles) and the in-heap index are loaded. Part of the readiness group.
 */
@Component("streams")
class StreamsHealthIndicator extends AbstractHealthIndicator {

    private final MatcherStreams streams;
    private final nl.kvksync.matcher.routing.MatcherTopology.State state;

    StreamsHealthIndicator(MatcherStreams streams, nl.kvksync.matcher.routing.MatcherTopology.State state) {
        super("Kafka Streams health check failed");
        this.streams = streams;
        this.state = state;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        (streams.ready() ? builder.up() : builder.outOfService()).withDetail("state", streams.state().name())
                .withDetail("activeRegistrations", state.index().size())
                .withDetail("profiles", state.profiles().size());
    }
}
