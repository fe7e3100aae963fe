package nl.kvksync.crmsync.organisation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.bson.Document;

/**
 * Maps generated Avro records to BSON and back by their schema, so the stored organisation has exactly the field
 * names of the {@code Organisation} contract: records become sub-documents, enums their symbol, timestamp-millis a
 * BSON date, unions their value or null. Reading tolerates documents written by an older schema: a missing field
 * takes its default, an unknown enum symbol the enum's default.
 */
final class AvroBson {

    private AvroBson() {
    }

    static Document toBson(SpecificRecord record) {
        Document document = new Document();
        for (Schema.Field field : record.getSchema().getFields()) {
            document.put(field.name(), toBson(field.schema(), record.get(field.pos())));
        }
        return document;
    }

    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> T fromBson(Document document, Schema schema) {
        T record = (T) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            Object value = document.containsKey(field.name()) ? fromBson(field.schema(), document.get(field.name()))
                    : SpecificData.get().getDefaultValue(field);
            record.put(field.pos(), value);
        }
        return record;
    }

    private static Object toBson(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        return switch (schema.getType()) {
            case UNION -> toBson(nonNull(schema), value);
            case RECORD -> toBson((SpecificRecord) value);
            case ENUM, STRING -> value.toString();
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (Object item : (Iterable<?>) value) {
                    list.add(toBson(schema.getElementType(), item));
                }
                yield list;
            }
            case MAP -> {
                Document map = new Document();
                ((Map<?, ?>) value).forEach((k, v) -> map.put(k.toString(), toBson(schema.getValueType(), v)));
                yield map;
            }
            case LONG -> value instanceof Instant instant ? Date.from(instant) : value;
            default -> value;
        };
    }

    private static Object fromBson(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        return switch (schema.getType()) {
            case UNION -> fromBson(nonNull(schema), value);
            case RECORD -> fromBson((Document) value, schema);
            case ENUM -> enumSymbol(schema, value.toString());
            case STRING -> value.toString();
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (Object item : (List<?>) value) {
                    list.add(fromBson(schema.getElementType(), item));
                }
                yield list;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((Document) value).forEach((k, v) -> map.put(k, fromBson(schema.getValueType(), v)));
                yield map;
            }
            case LONG -> {
                LogicalType logical = schema.getLogicalType();
                if (logical instanceof LogicalTypes.TimestampMillis) {
                    yield value instanceof Date date ? date.toInstant() : Instant.ofEpochMilli(((Number) value).longValue());
                }
                yield ((Number) value).longValue();
            }
            case INT -> ((Number) value).intValue();
            case DOUBLE -> ((Number) value).doubleValue();
            default -> value;
        };
    }

    private static Object enumSymbol(Schema schema, String symbol) {
        String known = schema.hasEnumSymbol(symbol) ? symbol : schema.getEnumDefault();
        return SpecificData.get().createEnum(known, schema);
    }

    private static Schema nonNull(Schema union) {
        for (Schema branch : union.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                return branch;
            }
        }
        throw new IllegalArgumentException("union without a non-null branch: " + union);
    }
}
