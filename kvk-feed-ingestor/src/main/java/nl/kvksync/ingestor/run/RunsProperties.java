package nl.kvksync.ingestor.run;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Feed runs.
 *
 * @param stateDir        where the replica ({@code replica/}) and the spooled feed files ({@code spool/}) live;
 *                        must survive restarts ({@code KVK_STATE_DIR})
 * @param inboxDir        files dropped here are ingested ({@code KVK_INBOX_DIR}); processed ones move to
 *                        {@code done/}, unreadable ones to {@code failed/}
 * @param inboxPoll       how often the inbox is looked at
 * @param inboxEnabled    whether the inbox is watched
 * @param batchLines      feed lines per Kafka transaction (and replica write)
 * @param maxLineBytes    longer lines are rejected (LINE_TOO_LONG) without being buffered
 * @param transactionalId the Kafka transactional.id of the run producer; one active ingestor per id
 * @param runsTopic       the private compacted topic of run checkpoints
 * @param blockCacheBytes RocksDB block cache (off-heap)
 * @param rebuildOnStart  rebuild an empty replica from kvk.registrations.v1 at start-up
 * @param haltAfterCommitLine fault injection for the crash tests only: halt the JVM (as SIGKILL would) right after
 *                        the first Kafka commit at or past this line, before the replica is written; -1 = never
 */
@ConfigurationProperties("kvksync.ingestor.runs")
public record RunsProperties(@DefaultValue(".kvk/ingestor") Path stateDir,
        @DefaultValue(".kvk/inbox") Path inboxDir,
        @DefaultValue("2s") Duration inboxPoll,
        @DefaultValue("true") boolean inboxEnabled,
        @DefaultValue("5000") int batchLines,
        @DefaultValue("1048576") int maxLineBytes,
        @DefaultValue("kvk-feed-ingestor-runs") String transactionalId,
        @DefaultValue("kvk-feed-ingestor.runs.v1") String runsTopic,
        @DefaultValue("67108864") long blockCacheBytes,
        @DefaultValue("true") boolean rebuildOnStart,
        @DefaultValue("-1") long haltAfterCommitLine) {

    public Path replicaDir() {
        return stateDir.resolve("replica");
    }

    public Path spoolDir() {
        return stateDir.resolve("spool");
    }
}
