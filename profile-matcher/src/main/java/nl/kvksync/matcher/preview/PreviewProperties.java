package nl.kvksync.matcher.preview;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param bandMin    fewest registrations an import may select
 * @param bandMax    most registrations an import may select
 * @param sampleSize registrations shown as a sample
 */
@ConfigurationProperties("kvksync.matcher.preview")
public record PreviewProperties(@DefaultValue("1000") long bandMin, @DefaultValue("20000") long bandMax,
        @DefaultValue("20") int sampleSize) {
}
