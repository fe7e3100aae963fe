/**
 * What every KvK Sync service has: Kafka with Avro through the schema registry and a dead-letter topic per
 * consumed topic, the topics and subjects it uses, JWT resource-server security with roles and environments
 * from the token, and a Kafka health indicator.
 */
package nl.kvksync.matcher.platform;
