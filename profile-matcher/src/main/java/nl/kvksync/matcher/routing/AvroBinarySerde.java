package nl.kvksync.matcher.routing;

import java.io.IOException;

import nl.kvksync.contracts.AvroBinary;
import nl.kvksync.contracts.AvroWire;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary of a generated class, without registry or framing: for the topology's internal topics and
 * stores (repartition, changelogs), which only this service reads, and for {@code TopologyTestDriver} tests.
 * Internal state is rebuilt, not migrated, when a schema changes incompatibly (reset the application).
 */
public final class AvroBinarySerde<T extends SpecificRecord> implements Serde<T> {

    private final Class<T> type;
    private final Schema schema;

    public AvroBinarySerde(Class<T> type) {
        this.type = type;
        try {
            this.schema = (Schema) type.getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("not a generated Avro class: " + type, e);
        }
    }

    public static <T extends SpecificRecord> AvroBinarySerde<T> of(Class<T> type) {
        return new AvroBinarySerde<>(type);
    }

    @Override
    public Serializer<T> serializer() {
        // one encoder per serializer (a store or sink of one task); buffered, not a synchronized write per field
        AvroBinary<T> avro = new AvroBinary<>(new SpecificDatumWriter<>(schema, AvroWire.selfEncoding()));
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                synchronized (avro) {
                    return avro.encode(value);
                }
            } catch (RuntimeException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " for " + topic, e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, null);
                return reader.read(null, decoder);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic, e);
            }
        };
    }
}
