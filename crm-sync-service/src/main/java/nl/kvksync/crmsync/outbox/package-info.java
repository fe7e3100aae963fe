/**
 * The transactional outbox without transactions: every change of an organisation or environment is written to its
 * MongoDB document together with the events it causes (one atomic single-document write, supported by a replica
 * set and by the stand-in alike). The events are then sent to Kafka and removed from the document; a sweeper sends
 * whatever a crash left behind, so an accepted change is never without its event. Events are stored as the exact
 * bytes that go on the wire (Confluent framing), so a re-send is byte-identical.
 */
package nl.kvksync.crmsync.outbox;
