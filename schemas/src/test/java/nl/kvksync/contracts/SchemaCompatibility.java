package nl.kvksync.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * The build's schema gate: each current schema must read data written with every released version of it
 * (BACKWARD_TRANSITIVE), and every enum must carry a default symbol so that older readers survive new symbols.
 * Released versions are committed, self-contained, under {@code src/released/<full name>/v<n>.avsc}.
 */
final class SchemaCompatibility {

    /** What is wrong with a schema, readable in a build log. */
    record Problem(String schema, String releasedVersion, String message) {
        @Override
        public String toString() {
            return schema + (releasedVersion == null ? "" : " against released " + releasedVersion) + ": " + message;
        }
    }

    private SchemaCompatibility() {
    }

    static List<Problem> check(Schema current, Map<String, Schema> releasedVersions) {
        List<Problem> problems = new ArrayList<>();
        for (String enumWithoutDefault : enumsWithoutDefault(current)) {
            problems.add(new Problem(current.getFullName(), null,
                    "enum " + enumWithoutDefault + " has no default symbol"));
        }
        releasedVersions.forEach((version, released) -> {
            SchemaPairCompatibility result = org.apache.avro.SchemaCompatibility
                    .checkReaderWriterCompatibility(current, released);
            if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                for (Incompatibility i : result.getResult().getIncompatibilities()) {
                    problems.add(new Problem(current.getFullName(), version,
                            i.getType() + " at " + fieldPath(current, i.getLocation()) + ": " + i.getMessage()));
                }
            }
        });
        return problems;
    }

    static Map<String, Schema> released(Path releasedRoot, String fullName) {
        Path dir = releasedRoot.resolve(fullName);
        Map<String, Schema> versions = new java.util.TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return versions;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).toList()) {
                versions.put(file.getFileName().toString(), new Schema.Parser().parse(file.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return versions;
    }

    /** Turns Avro's "/fields/1/type" into "kvkNummer" so the build log names the field. */
    static String fieldPath(Schema reader, String location) {
        StringBuilder path = new StringBuilder();
        Schema at = reader;
        String[] steps = location.split("/");
        for (int i = 0; i < steps.length && at != null; i++) {
            switch (steps[i]) {
                case "fields" -> {
                    if (i + 1 < steps.length && at.getType() == Schema.Type.RECORD) {
                        Schema.Field f = at.getFields().get(Integer.parseInt(steps[++i]));
                        path.append(path.isEmpty() ? "" : ".").append(f.name());
                        at = f.schema();
                    }
                }
                case "items" -> at = at.getType() == Schema.Type.ARRAY ? at.getElementType() : null;
                case "values" -> at = at.getType() == Schema.Type.MAP ? at.getValueType() : null;
                default -> {
                    if (steps[i].matches("\\d+") && at.getType() == Schema.Type.UNION) {
                        at = at.getTypes().get(Integer.parseInt(steps[i]));
                    }
                }
            }
        }
        return path.isEmpty() ? location : path + " (" + location + ")";
    }

    private static List<String> enumsWithoutDefault(Schema schema) {
        List<String> found = new ArrayList<>();
        collect(schema, found, new IdentityHashMap<>());
        return found;
    }

    private static void collect(Schema s, List<String> found, Map<Schema, Boolean> seen) {
        if (seen.put(s, Boolean.TRUE) != null) {
            return;
        }
        switch (s.getType()) {
            case ENUM -> {
                if (s.getEnumDefault() == null) {
                    found.add(s.getFullName());
                }
            }
            case RECORD -> s.getFields().forEach(f -> collect(f.schema(), found, seen));
            case UNION -> s.getTypes().forEach(t -> collect(t, found, seen));
            case ARRAY -> collect(s.getElementType(), found, seen);
            case MAP -> collect(s.getValueType(), found, seen);
            default -> {
            }
        }
    }
}
