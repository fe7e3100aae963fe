/**
 * The weekly runs summary: the ingestor's run reports from {@code kvk.feed-runs.v1} and, per environment, how many
 * proposals of each kind each run raised, for the web UI's summary page and its chart.
 */
package nl.kvksync.review.run;
