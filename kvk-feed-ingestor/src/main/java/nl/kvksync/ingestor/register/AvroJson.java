package nl.kvksync.ingestor.register;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/** An Avro record as a JSON-ready map with the Avro field names (enums by symbol, nested records as maps). */
final class AvroJson {

    private AvroJson() {
    }

    static Map<String, Object> toMap(IndexedRecord record) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Schema.Field f : record.getSchema().getFields()) {
            map.put(f.name(), value(record.get(f.pos())));
        }
        return map;
    }

    private static Object value(Object v) {
        if (v == null || v instanceof Boolean || v instanceof Number || v instanceof String) {
            return v;
        }
        if (v instanceof CharSequence s) {
            return s.toString();
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof IndexedRecord r) {
            return toMap(r);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(value(o));
            }
            return out;
        }
        return v.toString();
    }
}
