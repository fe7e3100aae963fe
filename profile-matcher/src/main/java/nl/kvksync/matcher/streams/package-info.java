/**
 * Runs the routing topology inside the service: Kafka Streams configuration (exactly-once v2, the platform's
 * registry serdes, dead-letter handlers), lifecycle, the {@code streams} readiness indicator and the metrics of
 * the in-heap state.
 */
package nl.kvksync.matcher.streams;
