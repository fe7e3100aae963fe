/**
 * What every KvK Sync service has: Kafka with Avro through the schema registry and a dead-letter topic per
 * consumed topic, the topics and subjects it uses, JWT resource-server security with roles and environments
 * from the token, and health indicators for Kafka and MongoDB that work on a real replica set and on the
 * stand-in.
 */
package nl.kvksync.review.platform;
