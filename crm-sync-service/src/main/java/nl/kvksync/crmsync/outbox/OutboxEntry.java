package nl.kvksync.crmsync.outbox;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.bson.types.Binary;

/**
 * One event waiting in a document's outbox: where it goes, its record key and its value as serialized for the
 * wire (Confluent framing, Avro binary).
 */
public record OutboxEntry(String eventId, String topic, String key, byte[] payload, Instant createdAt) {

    public Document toBson() {
        return new Document("eventId", eventId).append("topic", topic).append("key", key)
                .append("payload", new Binary(payload)).append("createdAt", Date.from(createdAt));
    }

    public static OutboxEntry fromBson(Document d) {
        Object payload = d.get("payload");
        byte[] bytes = payload instanceof Binary b ? b.getData() : (byte[]) payload;
        return new OutboxEntry(d.getString("eventId"), d.getString("topic"), d.getString("key"), bytes,
                d.getDate("createdAt").toInstant());
    }
}
