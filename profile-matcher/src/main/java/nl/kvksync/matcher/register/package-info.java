/**
 * The register as the dry run and imports need it: an in-heap, columnar index of every ACTIVE registration's
 * matching facts ({@link RegisterIndex}, a few dozen bytes per registration), kept current from
 * {@code kvk.registrations.v1}, and the set of registrations each environment already follows
 * ({@link SubscribedView}). Full snapshots stay on disk in the Kafka Streams store {@code register}.
 */
package nl.kvksync.matcher.register;
