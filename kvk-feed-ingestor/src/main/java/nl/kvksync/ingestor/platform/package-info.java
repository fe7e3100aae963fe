/**
 * What every KvK Sync service has: Kafka with Avro through the schema registry and a dead-letter topic per
 * consumed topic, the topics and subjects it uses, JWT resource-server security with roles and environments
 * from the token, RFC 9457 problems, and the Kafka health indicator. (The ingestor keeps no state in MongoDB: its
 * runs live in Kafka, its replica in RocksDB; so it has no MongoDB client and no mongo health indicator.)
 */
package nl.kvksync.ingestor.platform;
