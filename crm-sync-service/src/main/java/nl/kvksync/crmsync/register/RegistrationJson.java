package nl.kvksync.crmsync.register;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nl.kvksync.contracts.kvk.Registration;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import tools.jackson.databind.JsonNode;

/**
 * Reads the ingestor's JSON form of a {@code Registration} (Avro field names) into the generated class, guided by
 * the schema. Accepts plain JSON ({@code "tradeName": "Bakkerij"}) and Avro's JSON encoding of unions
 * ({@code "tradeName": {"string": "Bakkerij"}}); a missing field takes its schema default, an unknown enum symbol
 * the enum's default, unknown fields are ignored.
 */
final class RegistrationJson {

    private RegistrationJson() {
    }

    static Registration read(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("a registration must be a JSON object");
        }
        Registration registration = record(json, Registration.getClassSchema());
        if (registration.getRegistrationKey() == null || registration.getKvkNummer() == null) {
            throw new IllegalArgumentException("a registration needs registrationKey and kvkNummer");
        }
        return registration;
    }

    /** The registrations in a search answer: a JSON array, or an object holding one under items/content/results. */
    static List<Registration> readList(JsonNode json) {
        JsonNode items = json;
        if (json != null && json.isObject()) {
            for (String name : List.of("items", "content", "results", "registrations")) {
                if (json.has(name) && json.get(name).isArray()) {
                    items = json.get(name);
                    break;
                }
            }
        }
        List<Registration> registrations = new ArrayList<>();
        if (items == null || !items.isArray()) {
            return registrations;
        }
        for (JsonNode item : items) {
            registrations.add(read(item));
        }
        return registrations;
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> T record(JsonNode json, Schema schema) {
        T record = (T) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = json.get(field.name());
            if (value == null || value.isMissingNode()) {
                record.put(field.pos(), field.hasDefaultValue() ? SpecificData.get().getDefaultValue(field) : null);
            } else {
                record.put(field.pos(), value(value, field.schema(), field.name()));
            }
        }
        return record;
    }

    private static Object value(JsonNode json, Schema schema, String path) {
        if (json.isNull()) {
            return null;
        }
        return switch (schema.getType()) {
            case UNION -> union(json, schema, path);
            case RECORD -> {
                if (!json.isObject()) {
                    throw new IllegalArgumentException(path + ": expected an object");
                }
                yield record(json, schema);
            }
            case ENUM -> {
                String symbol = json.asString();
                yield SpecificData.get().createEnum(schema.hasEnumSymbol(symbol) ? symbol : schema.getEnumDefault(),
                        schema);
            }
            case STRING -> json.isString() ? json.stringValue() : json.asString();
            case INT -> json.isNumber() ? json.intValue() : Integer.parseInt(json.asString().trim());
            case LONG -> json.isNumber() ? json.longValue() : Long.parseLong(json.asString().trim());
            case BOOLEAN -> json.isBoolean() ? json.booleanValue() : Boolean.parseBoolean(json.asString());
            case DOUBLE -> json.doubleValue();
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                if (json.isArray()) {
                    int i = 0;
                    for (JsonNode item : json) {
                        list.add(value(item, schema.getElementType(), path + "[" + i++ + "]"));
                    }
                }
                yield list;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                json.forEachEntry((k, v) -> map.put(k, value(v, schema.getValueType(), path + "." + k)));
                yield map;
            }
            default -> throw new IllegalArgumentException(path + ": unsupported schema type " + schema.getType());
        };
    }

    private static Object union(JsonNode json, Schema union, String path) {
        List<Schema> branches = union.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        if (json.isObject() && json.size() == 1) {
            String tag = json.propertyNames().iterator().next();
            for (Schema branch : branches) {
                if (tag.equals(branch.getFullName()) || tag.equals(branch.getName())
                        || tag.equals(branch.getType().getName())) {
                    return value(json.get(tag), branch, path);
                }
            }
        }
        return value(json, branches.get(0), path);
    }
}
