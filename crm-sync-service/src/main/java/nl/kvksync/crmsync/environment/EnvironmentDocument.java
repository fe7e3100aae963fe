package nl.kvksync.crmsync.environment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import nl.kvksync.crmsync.outbox.OutboxEntry;
import org.bson.Document;

/**
 * One environment as stored in the {@code environments} collection, with the events of its last changes that are
 * not yet confirmed sent ({@code outbox}). {@code storedVersion} is the version it was read at (0: never stored).
 */
public record EnvironmentDocument(String id, String name, boolean basicModule, boolean advancedModule,
        List<String> organisationTypes, long version, Instant createdAt, Instant updatedAt, String createdBy,
        List<OutboxEntry> outbox, long storedVersion) {

    public EnvironmentDocument {
        organisationTypes = List.copyOf(organisationTypes);
        outbox = List.copyOf(outbox);
    }

    /** True when the environment lists no types (any type is accepted) or lists {@code type}. */
    public boolean allowsType(String type) {
        return type == null || organisationTypes.isEmpty() || organisationTypes.contains(type);
    }

    EnvironmentDocument withModules(boolean basic, boolean advanced, Instant now) {
        return new EnvironmentDocument(id, name, basic, advanced, organisationTypes, version + 1, createdAt, now,
                createdBy, outbox, storedVersion);
    }

    EnvironmentDocument withTypes(List<String> types, Instant now) {
        return new EnvironmentDocument(id, name, basicModule, advancedModule, types, version + 1, createdAt, now,
                createdBy, outbox, storedVersion);
    }

    EnvironmentDocument withEvent(OutboxEntry entry) {
        List<OutboxEntry> entries = new ArrayList<>(outbox);
        entries.add(entry);
        return new EnvironmentDocument(id, name, basicModule, advancedModule, organisationTypes, version, createdAt,
                updatedAt, createdBy, entries, storedVersion);
    }

    Document toBson() {
        return new Document("_id", id).append("name", name).append("basicModule", basicModule)
                .append("advancedModule", advancedModule).append("organisationTypes", organisationTypes)
                .append("version", version).append("createdAt", Date.from(createdAt))
                .append("updatedAt", Date.from(updatedAt)).append("createdBy", createdBy)
                .append("outbox", outbox.stream().map(OutboxEntry::toBson).toList());
    }

    static EnvironmentDocument fromBson(Document d) {
        long version = ((Number) d.get("version")).longValue();
        return new EnvironmentDocument(d.getString("_id"), d.getString("name"),
                Boolean.TRUE.equals(d.getBoolean("basicModule")), Boolean.TRUE.equals(d.getBoolean("advancedModule")),
                d.getList("organisationTypes", String.class, List.of()), version, d.getDate("createdAt").toInstant(),
                d.getDate("updatedAt").toInstant(), d.getString("createdBy"),
                d.getList("outbox", Document.class, List.of()).stream().map(OutboxEntry::fromBson).toList(), version);
    }
}
