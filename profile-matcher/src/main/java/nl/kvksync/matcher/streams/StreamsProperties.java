package nl.kvksync.matcher.streams;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param applicationId       Kafka Streams application id (consumer group, internal topic prefix)
 * @param stateDir            where RocksDB keeps the stores ({@code register}, {@code subscribers}, {@code imports})
 * @param threads             stream threads
 * @param processingGuarantee {@code exactly_once_v2} (default) or {@code at_least_once}
 * @param commitInterval      how often Kafka Streams commits (and an exactly-once transaction ends)
 * @param expectedRegistrations initial capacity of the in-heap register index
 * @param importChunkSize     NEW proposals an import emits per punctuation
 * @param importInterval      how often a running import emits a chunk
 * @param importHardCap       most proposals one import may raise
 * @param overrides           further Kafka Streams / client settings, applied last ({@code main.consumer.*},
 *                            {@code producer.*}, ...), for tuning without a release (see the README: session
 *                            timeout, static membership)
 */
@ConfigurationProperties("kvksync.matcher.streams")
public record StreamsProperties(@DefaultValue("profile-matcher") String applicationId,
        @DefaultValue("${java.io.tmpdir}/kvk-sync/profile-matcher") String stateDir, @DefaultValue("1") int threads,
        @DefaultValue("exactly_once_v2") String processingGuarantee, @DefaultValue("1s") Duration commitInterval,
        @DefaultValue("1024") int expectedRegistrations, @DefaultValue("1000") int importChunkSize,
        @DefaultValue("100ms") Duration importInterval, @DefaultValue("100000") long importHardCap,
        Map<String, String> overrides) {
}
