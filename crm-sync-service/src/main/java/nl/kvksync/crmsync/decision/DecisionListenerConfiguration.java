package nl.kvksync.crmsync.decision;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The batch container of the decision listener. Its error handler sends a record that is not a decision to the
 * dead-letter topic at once; any other failure (MongoDB or Kafka away) retries the whole batch with exponential
 * back-off up to {@code retry-max-interval} between attempts, for as long as it takes: a decision is never
 * dead-lettered because of an outage.
 */
@Configuration(proxyBeanMethods = false)
class DecisionListenerConfiguration {

    static final String FACTORY = "decisionListenerFactory";

    @Bean(FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> decisionListenerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            ConsumerRecordRecoverer deadLetterRecoverer, DecisionProperties properties) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        factory.setBatchListener(true);
        factory.setConcurrency(properties.concurrency());
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetterRecoverer, backOff);
        handler.addNotRetryableExceptions(ProposalDecidedListener.NotADecision.class);
        factory.setCommonErrorHandler(handler);
        return factory;
    }
}
