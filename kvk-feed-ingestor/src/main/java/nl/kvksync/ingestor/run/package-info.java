/**
 * Feed runs: a file uploaded with {@code POST /runs}, dropped in the inbox directory or fetched from the KvK
 * Mutatieservice is spooled to disk under its content hash and processed by one run thread, exactly once: every
 * batch of lines is one Kafka transaction holding its change events, snapshots, rejections and the run's checkpoint
 * (on the private, compacted {@code kvk-feed-ingestor.runs.v1}); the replica is updated after each commit and
 * catches up by replaying the committed lines after a crash. Reports over HTTP, as metrics and on
 * {@code kvk.feed-runs.v1}.
 */
package nl.kvksync.ingestor.run;
