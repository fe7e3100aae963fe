package nl.kvksync.review.profile;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param matcherUrl     the profile-matcher's base URL for dry runs ({@code MATCHER_URL})
 * @param matcherTimeout how long a dry run may take
 * @param bandMin        an import must select at least this many registrations
 * @param bandMax        and at most this many
 */
@ConfigurationProperties("kvksync.review")
record ProfileProperties(@DefaultValue("http://127.0.0.1:8082") String matcherUrl,
        @DefaultValue("PT10S") Duration matcherTimeout, @DefaultValue("1000") long bandMin,
        @DefaultValue("20000") long bandMax) {
}
