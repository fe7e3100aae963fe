package nl.kvksync.matcher.imports;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One import in the {@code imports} store (key importId): the request (Avro binary), the registration keys to
 * propose, how far emission got, and whether it is finished (a finished job keeps no keys; it stays so that a
 * redelivered request is recognised).
 */
record ImportJob(byte[] request, long[] keys, int cursor, long emitted, long skipped, long selected,
        long alreadySubscribed, boolean done) {

    ImportJob advance(int cursor, long emitted, long skipped) {
        return new ImportJob(request, keys, cursor, emitted, skipped, selected, alreadySubscribed, done);
    }

    ImportJob finished() {
        return new ImportJob(request, new long[0], 0, emitted, skipped, selected, alreadySubscribed, true);
    }

    boolean complete() {
        return cursor >= keys.length;
    }

    static Serde<ImportJob> serde() {
        Serializer<ImportJob> serializer = (topic, job) -> {
            if (job == null) {
                return null;
            }
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + job.keys.length * 8 + job.request.length);
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeByte(1);
                out.writeInt(job.request.length);
                out.write(job.request);
                out.writeInt(job.keys.length);
                for (long k : job.keys) {
                    out.writeLong(k);
                }
                out.writeInt(job.cursor);
                out.writeLong(job.emitted);
                out.writeLong(job.skipped);
                out.writeLong(job.selected);
                out.writeLong(job.alreadySubscribed);
                out.writeBoolean(job.done);
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new SerializationException(e);
            }
        };
        Deserializer<ImportJob> deserializer = (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
                if (in.readByte() != 1) {
                    throw new SerializationException("unknown import job format");
                }
                byte[] request = in.readNBytes(in.readInt());
                long[] keys = new long[in.readInt()];
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = in.readLong();
                }
                return new ImportJob(request, keys, in.readInt(), in.readLong(), in.readLong(), in.readLong(),
                        in.readLong(), in.readBoolean());
            } catch (IOException e) {
                throw new SerializationException(e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
