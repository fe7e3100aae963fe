package nl.kvksync.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityTest {

    static final Path SOURCES = Path.of("src/main/avro");
    static final Path RELEASED = Path.of("src/released");

    @Test
    void everySchemaReadsDataOfEveryReleasedVersionOfIt() throws Exception {
        List<SchemaCompatibility.Problem> problems = new ArrayList<>();
        for (Schema current : currentSchemas()) {
            problems.addAll(SchemaCompatibility.check(current,
                    SchemaCompatibility.released(RELEASED, current.getFullName())));
        }
        assertThat(problems).as("schema changes that break BACKWARD_TRANSITIVE compatibility").isEmpty();
    }

    @Test
    void everySchemaHasAReleasedVersionCommitted() throws Exception {
        for (Schema current : currentSchemas()) {
            assertThat(SchemaCompatibility.released(RELEASED, current.getFullName()))
                    .as("released versions of %s (copy the schema to %s/%s/v1.avsc)", current.getFullName(), RELEASED,
                            current.getFullName())
                    .isNotEmpty();
        }
    }

    @Test
    void catchesAFieldAddedWithoutDefault() {
        Schema released = registrationV1();
        Schema changed = withExtraField(released, "{\"name\":\"chamber\",\"type\":\"string\"}");

        assertThat(SchemaCompatibility.check(changed, Map.of("v1.avsc", released)))
                .singleElement().asString()
                .contains("nl.kvksync.contracts.kvk.Registration against released v1.avsc")
                .contains("READER_FIELD_MISSING_DEFAULT").contains("chamber");
    }

    @Test
    void catchesAFieldWhoseTypeChanged() {
        Schema released = registrationV1();
        List<Schema.Field> fields = released.getFields().stream()
                .map(f -> new Schema.Field(f.name(), f.name().equals("kvkNummer") ? Schema.create(Schema.Type.LONG)
                        : f.schema(), f.doc(), f.defaultVal()))
                .toList();
        Schema changed = Schema.createRecord(released.getName(), released.getDoc(), released.getNamespace(), false,
                fields);

        assertThat(SchemaCompatibility.check(changed, Map.of("v1.avsc", released)))
                .extracting(Object::toString).anyMatch(p -> p.contains("TYPE_MISMATCH") && p.contains("kvkNummer"));
    }

    @Test
    void catchesAnIncompatibilityWithAnOlderReleaseOnly() {
        Schema v1 = registrationV1();
        Schema v2 = withExtraField(v1, "{\"name\":\"chamber\",\"type\":\"string\",\"default\":\"x\"}");
        Schema v3 = withExtraField(v1, "{\"name\":\"chamber\",\"type\":\"string\"}");

        assertThat(SchemaCompatibility.check(v3, Map.of("v2.avsc", v2))).isEmpty();
        assertThat(SchemaCompatibility.check(v3, Map.of("v1.avsc", v1, "v2.avsc", v2)))
                .singleElement().asString().contains("v1.avsc");
    }

    @Test
    void catchesAnEnumWithoutDefault() {
        Schema schema = new Schema.Parser().parse("""
                {"type":"record","name":"R","namespace":"x","fields":[
                  {"name":"k","type":{"type":"enum","name":"K","symbols":["A","B"]}}]}""");

        assertThat(SchemaCompatibility.check(schema, Map.of())).singleElement().asString()
                .contains("enum x.K has no default symbol");
    }

    @Test
    void acceptsAFieldAddedWithDefault() {
        Schema released = registrationV1();
        Schema changed = withExtraField(released, "{\"name\":\"chamber\",\"type\":[\"null\",\"string\"],\"default\":null}");

        assertThat(SchemaCompatibility.check(changed, Map.of("v1.avsc", released))).isEmpty();
    }

    private static Schema registrationV1() {
        return SchemaCompatibility.released(RELEASED, "nl.kvksync.contracts.kvk.Registration").get("v1.avsc");
    }

    private static Schema withExtraField(Schema schema, String fieldJson) {
        String json = schema.toString();
        int fieldsEnd = json.lastIndexOf("]}");
        return new Schema.Parser().parse(json.substring(0, fieldsEnd) + "," + fieldJson + json.substring(fieldsEnd));
    }

    /** The schema of every record defined in its own file, as the generated classes carry it. */
    static List<Schema> currentSchemas() throws IOException, ReflectiveOperationException {
        List<Schema> schemas = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
                String context = SOURCES.relativize(file).getParent().toString();
                String name = file.getFileName().toString().replace(".avsc", "");
                Class<?> type = Class.forName("nl.kvksync.contracts." + context + "." + name);
                schemas.add((Schema) type.getField("SCHEMA$").get(null));
            }
        }
        return schemas;
    }
}
