/**
 * {@code ./kvk bench}: the whole pipeline on the local stack at scale — a generated register, subscribed
 * organisations over several environments with profiles, a generated week through {@code POST /runs} until every
 * proposal is in the review queue, then a bulk accept until every CRM record is updated — with throughput,
 * latency percentiles, end-to-end time and the peak memory of every process, printed and written as JSON.
 */
package nl.kvksync.localstack.bench;
