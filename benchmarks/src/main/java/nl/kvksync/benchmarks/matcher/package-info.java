/**
 * Benchmarks of the profile-matcher: the matching core ({@link MatchingBenchmark}), the dry run over the whole
 * register ({@link DryRunBenchmark}), the index's heap per registration ({@link IndexFootprint}) and a weekly feed
 * through the topology on the real broker ({@link WeekThroughTopology}).
 */
package nl.kvksync.benchmarks.matcher;
