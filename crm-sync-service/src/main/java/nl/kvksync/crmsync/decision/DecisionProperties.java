package nl.kvksync.crmsync.decision;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param concurrency      consumer threads for review.proposal-decided.v1 (at most its partition count is useful)
 * @param maxPollRecords   decisions per batch
 * @param conflictAttempts rounds a batch gets when users change the same organisations concurrently, before the
 *                         whole batch is retried by the error handler
 * @param retryMaxInterval longest pause between retries of a batch that failed on MongoDB or Kafka (retried until
 *                         they are back; nothing is dead-lettered for an outage)
 */
@ConfigurationProperties("kvksync.crmsync.decisions")
public record DecisionProperties(@DefaultValue("1") int concurrency, @DefaultValue("500") int maxPollRecords,
        @DefaultValue("10") int conflictAttempts, @DefaultValue("30s") Duration retryMaxInterval) {
}
