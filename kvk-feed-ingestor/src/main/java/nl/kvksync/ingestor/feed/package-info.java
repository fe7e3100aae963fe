/**
 * The weekly feed format: JSON Lines (optionally gzipped) in the KvK API's own field names plus a {@code mutatie}
 * header, read line by line, validated and normalised into the Avro {@code Registration}. Plain classes without
 * Spring: the run driver, the Mutatieservice source and the benchmarks use them directly. Every refusal is a
 * {@link nl.kvksync.ingestor.feed.Rejection} naming the field and the reason.
 */
package nl.kvksync.ingestor.feed;
