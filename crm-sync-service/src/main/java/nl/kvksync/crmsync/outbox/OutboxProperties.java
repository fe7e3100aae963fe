package nl.kvksync.crmsync.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sweepInterval how often the sweeper looks for events a crash or a Kafka outage left in documents
 * @param grace         how old a stored event must be before the sweeper sends it (the writer normally sends it
 *                      within milliseconds; the first sweep after start-up sends everything)
 * @param sendTimeout   how long a send may wait for the broker's acknowledgement
 * @param lingerMs      producer linger.ms: how long the producer waits to fill a batch
 */
@ConfigurationProperties("kvksync.crmsync.outbox")
public record OutboxProperties(@DefaultValue("10s") Duration sweepInterval, @DefaultValue("30s") Duration grace,
        @DefaultValue("30s") Duration sendTimeout, @DefaultValue("5") int lingerMs) {
}
