package nl.kvksync.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * A generated record that encodes itself ({@link AvroWire#selfEncoding()}) writes exactly the bytes a plain writer
 * writes: random values of every schema (every branch of every union over the rounds) are written generically,
 * read into the generated class, and written again both ways.
 */
class SelfEncodingTest {

    @Test
    void everyGeneratedRecordEncodesItselfToTheSameBytesAsAPlainWriter() throws Exception {
        Random random = new Random(20261127);
        int compared = 0;
        for (Schema schema : SchemaCompatibilityTest.currentSchemas()) {
            for (int round = 0; round < 200; round++) {
                byte[] generic = write(new GenericDatumWriter<>(schema), randomValue(schema, random, round, 0));
                SpecificRecord record = new SpecificDatumReader<SpecificRecord>(schema)
                        .read(null, DecoderFactory.get().binaryDecoder(generic, null));
                byte[] plain = write(new SpecificDatumWriter<>(schema), record);
                byte[] self = write(new SpecificDatumWriter<>(schema, AvroWire.selfEncoding()), record);
                assertThat(plain).as("%s round %d, plain writer", schema.getFullName(), round).isEqualTo(generic);
                assertThat(self).as("%s round %d, self-encoding", schema.getFullName(), round).isEqualTo(plain);
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(16 * 200);
    }

    private static byte[] write(DatumWriter<Object> writer, Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** A random value of {@code schema}; unions take branch {@code round} modulo their size, arrays 0 to 3 items. */
    private static Object randomValue(Schema schema, Random random, int round, int depth) {
        switch (schema.getType()) {
            case RECORD -> {
                GenericData.Record r = new GenericData.Record(schema);
                for (Schema.Field f : schema.getFields()) {
                    r.put(f.pos(), randomValue(f.schema(), random, round + f.pos(), depth + 1));
                }
                return r;
            }
            case UNION -> {
                List<Schema> types = schema.getTypes();
                return randomValue(types.get(Math.floorMod(round, types.size())), random, round, depth + 1);
            }
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (int i = random.nextInt(depth > 6 ? 1 : 4); i > 0; i--) {
                    items.add(randomValue(schema.getElementType(), random, round + i, depth + 1));
                }
                return new GenericData.Array<>(schema, items);
            }
            case MAP -> {
                Map<String, Object> map = new HashMap<>();
                for (int i = random.nextInt(depth > 6 ? 1 : 4); i > 0; i--) {
                    map.put("k" + i, randomValue(schema.getValueType(), random, round + i, depth + 1));
                }
                return map;
            }
            case ENUM -> {
                List<String> symbols = schema.getEnumSymbols();
                return new GenericData.EnumSymbol(schema, symbols.get(random.nextInt(symbols.size())));
            }
            case STRING -> {
                return random.nextBoolean() ? "" : "wörd-" + random.nextInt() + " ∑";
            }
            case BYTES -> {
                byte[] b = new byte[random.nextInt(5)];
                random.nextBytes(b);
                return ByteBuffer.wrap(b);
            }
            case FIXED -> {
                byte[] b = new byte[schema.getFixedSize()];
                random.nextBytes(b);
                return new GenericData.Fixed(schema, b);
            }
            case INT -> {
                return schema.getLogicalType() != null ? random.nextInt(40_000) : random.nextInt();
            }
            case LONG -> {
                return schema.getLogicalType() != null ? 1_600_000_000_000L + random.nextInt(1_000_000_000)
                        : random.nextLong();
            }
            case FLOAT -> {
                return random.nextFloat();
            }
            case DOUBLE -> {
                return random.nextDouble();
            }
            case BOOLEAN -> {
                return random.nextBoolean();
            }
            case NULL -> {
                return null;
            }
            default -> throw new IllegalArgumentException("no random value for " + schema);
        }
    }
}
