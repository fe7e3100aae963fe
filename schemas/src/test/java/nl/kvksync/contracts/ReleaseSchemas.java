package nl.kvksync.contracts;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.avro.Schema;

/**
 * Release step: copies every current schema that differs from its latest released version to
 * {@code src/released/<full name>/v<n+1>.avsc}. Run from the schemas module:
 * {@code ../mvnw test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=nl.kvksync.contracts.ReleaseSchemas}.
 */
final class ReleaseSchemas {

    public static void main(String[] args) throws Exception {
        for (Schema current : SchemaCompatibilityTest.currentSchemas()) {
            var released = SchemaCompatibility.released(SchemaCompatibilityTest.RELEASED, current.getFullName());
            int latest = released.keySet().stream().map(v -> v.replaceAll("\\D", "")).mapToInt(Integer::parseInt)
                    .max().orElse(0);
            if (latest > 0 && released.get("v" + latest + ".avsc").equals(current)) {
                continue;
            }
            Path target = SchemaCompatibilityTest.RELEASED.resolve(current.getFullName()).resolve("v" + (latest + 1) + ".avsc");
            Files.createDirectories(target.getParent());
            Files.writeString(target, current.toString(true) + "\n");
            System.out.println("released " + target);
        }
    }
}
