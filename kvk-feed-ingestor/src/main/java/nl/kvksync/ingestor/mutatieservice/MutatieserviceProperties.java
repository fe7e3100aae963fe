package nl.kvksync.ingestor.mutatieservice;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The KvK Mutatieservice source.
 *
 * @param enabled          poll on the schedule ({@code KVK_MUTATIESERVICE_ENABLED}); the manual trigger works anyway
 * @param baseUrl          KvK API base, the part before {@code /v1/...} ({@code KVK_API_URL}); the test environment is
 *                         {@code https://api.kvk.nl/test/api}
 * @param apiKey           sent as header {@code apikey} ({@code KVK_API_KEY})
 * @param subscriptionId   the abonnement to read; empty: the first active one from {@code GET /v1/abonnementen}
 * @param cron             when to poll (Spring cron, six fields), in {@code zone}
 * @param zone             time zone of the cron expression
 * @param pageSize         signals per page ({@code aantal})
 * @param firstWindow      how far back the very first poll reaches, when there is no checkpoint yet
 * @param stateDir         where the checkpoint and the window being fetched live; must survive restarts
 * @param maxAttempts      tries per HTTP call before the poll stops (and resumes at the next one)
 * @param initialBackoff   first wait after a 5xx or a network error, doubled each try
 * @param maxBackoff       longest wait, also the cap on a 429's Retry-After
 * @param requestTimeout   per HTTP call
 * @param retryAfterFailure when enabled: a failed poll is tried again after this long instead of at the next cron
 *                         time (its checkpoint is kept either way)
 */
@ConfigurationProperties("kvksync.ingestor.mutatieservice")
public record MutatieserviceProperties(@DefaultValue("false") boolean enabled,
        @DefaultValue("https://api.kvk.nl/api") URI baseUrl,
        @DefaultValue("") String apiKey,
        @DefaultValue("") String subscriptionId,
        @DefaultValue("0 0 15 * * FRI") String cron,
        @DefaultValue("Europe/Amsterdam") String zone,
        @DefaultValue("100") int pageSize,
        @DefaultValue("7d") Duration firstWindow,
        @DefaultValue(".kvk/mutatieservice") Path stateDir,
        @DefaultValue("6") int maxAttempts,
        @DefaultValue("500ms") Duration initialBackoff,
        @DefaultValue("60s") Duration maxBackoff,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("10m") Duration retryAfterFailure) {

    public MutatieserviceProperties {
        if (pageSize < 1 || pageSize > 500) {
            throw new IllegalArgumentException("kvksync.ingestor.mutatieservice.page-size must be 1..500");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("kvksync.ingestor.mutatieservice.max-attempts must be at least 1");
        }
    }
}
