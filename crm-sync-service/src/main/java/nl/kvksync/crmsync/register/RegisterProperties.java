package nl.kvksync.crmsync.register;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param ingestorUrl     base URL of the kvk-feed-ingestor's register API ({@code INGESTOR_URL})
 * @param ingestorTimeout how long one call to the ingestor may take
 */
@ConfigurationProperties("kvksync.crmsync")
public record RegisterProperties(@DefaultValue("http://127.0.0.1:8081") String ingestorUrl,
        @DefaultValue("5s") Duration ingestorTimeout) {
}
