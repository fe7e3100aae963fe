/**
 * Import profiles of an environment (create, change, delete; published to the compacted
 * {@code review.profiles.v1}), their dry run through the matcher, and imports: a band-checked
 * {@code review.import-requested.v1} whose progress comes back on {@code matcher.import-progressed.v1}.
 */
package nl.kvksync.review.profile;
