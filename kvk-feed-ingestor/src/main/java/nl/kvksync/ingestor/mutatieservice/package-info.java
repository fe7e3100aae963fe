/**
 * The KvK Mutatieservice as a feed source: on a schedule (default Friday 15:00 Europe/Amsterdam) or on demand it
 * pages through the subscription's signals since its checkpoint, fetches the Vestigingsprofiel (with its owner's
 * legal form) or the Basisprofiel behind each signal, writes one feed line per signal in the weekly feed format and
 * hands the finished window to the feed runs as one run. Pages are checkpointed on disk, so a restart resumes
 * where it stopped; KvK error bodies, HTTP 429 and 5xx are retried with back-off and a signal whose profile cannot be
 * had still becomes a line, which the run rejects with reason SOURCE_ERROR: no signal is lost.
 */
package nl.kvksync.ingestor.mutatieservice;
