package nl.kvksync.ingestor.run;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent framing (magic byte 0, the 4-byte content id, the Avro binary) of values encoded by the caller, with the
 * id the registry serializer gives the topic. The first value of a topic goes through the registry serializer; when
 * its bytes are this framing of the caller's encoding, the 5-byte prefix is kept and later values are framed here
 * without the serializer's per-record schema resolution and encoding. When they differ (the subject's latest
 * schema is not the generated class's), every value of that topic goes through the registry serializer.
 * {@link #reset()} forgets the prefixes (at the start of a run, so a subject's new version is picked up).
 * Not thread-safe: the run thread's.
 */
final class ConfluentFrames {

    private static final Logger log = LoggerFactory.getLogger(ConfluentFrames.class);
    private static final int PREFIX = 5;
    private static final byte[] SERIALIZER_ONLY = new byte[0];

    private final Serializer<SpecificRecord> registry;
    private final Map<String, byte[]> prefixes = new HashMap<>();

    ConfluentFrames(Serializer<SpecificRecord> registry) {
        this.registry = registry;
    }

    /** The wire bytes of {@code value}, whose Avro binary (the generated class's schema) is {@code body}. */
    byte[] frame(String topic, SpecificRecord value, byte[] body) {
        byte[] prefix = prefixes.get(topic);
        if (prefix == null) {
            byte[] full = registry.serialize(topic, value);
            boolean same = full.length == PREFIX + body.length && full[0] == 0
                    && Arrays.equals(full, PREFIX, full.length, body, 0, body.length);
            if (!same) {
                log.warn("the registry's schema of {} encodes differently from the generated {}: every value of it "
                        + "goes through the registry serializer", topic, value.getSchema().getFullName());
            }
            prefixes.put(topic, same ? Arrays.copyOf(full, PREFIX) : SERIALIZER_ONLY);
            return full;
        }
        if (prefix == SERIALIZER_ONLY) {
            return registry.serialize(topic, value);
        }
        byte[] framed = new byte[PREFIX + body.length];
        System.arraycopy(prefix, 0, framed, 0, PREFIX);
        System.arraycopy(body, 0, framed, PREFIX, body.length);
        return framed;
    }

    void reset() {
        prefixes.clear();
    }
}
