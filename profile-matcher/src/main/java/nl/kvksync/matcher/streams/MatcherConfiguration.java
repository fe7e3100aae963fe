package nl.kvksync.matcher.streams;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import nl.kvksync.matcher.profile.ProfileBook;
import nl.kvksync.matcher.register.RegisterIndex;
import nl.kvksync.matcher.register.SubscribedView;
import nl.kvksync.matcher.routing.EnvironmentBook;
import nl.kvksync.matcher.routing.MatcherTopology;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The in-heap state shared by the topology and the HTTP side, and its gauges. */
@Configuration(proxyBeanMethods = false)
class MatcherConfiguration {

    @Bean
    MatcherTopology.State matcherState(StreamsProperties properties, MeterRegistry meters) {
        MatcherTopology.State state = new MatcherTopology.State(new RegisterIndex(properties.expectedRegistrations()),
                new SubscribedView(), new ProfileBook(), new EnvironmentBook());
        Gauge.builder("kvksync.matcher.index.registrations", state.index(), RegisterIndex::size)
                .description("active registrations in the in-heap register index").register(meters);
        Gauge.builder("kvksync.matcher.index.bytes", state.index(), RegisterIndex::bytes)
                .description("heap bytes of the register index").baseUnit("bytes").register(meters);
        Gauge.builder("kvksync.matcher.subscribed.registrations", state.subscribed(), SubscribedView::size)
                .description("(environment, registration) pairs with an active subscription").register(meters);
        Gauge.builder("kvksync.matcher.profiles", state.profiles(), ProfileBook::size)
                .description("valid profiles").register(meters);
        return state;
    }
}
