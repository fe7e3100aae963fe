package nl.kvksync.matcher.routing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The organisations that follow one registration, across environments, ordered by environment and organisation:
 * the value of the {@code subscribers} store (key registrationKey). Immutable.
 */
public record Subscribers(List<Subscriber> list) {

    /** One active subscription: environment, organisation, the organisation's version and the origin. */
    public record Subscriber(String environmentId, String organisationId, long version, String origin) {
    }

    private static final Comparator<Subscriber> ORDER = Comparator.comparing(Subscriber::environmentId)
            .thenComparing(Subscriber::organisationId);

    public static final Subscribers NONE = new Subscribers(List.of());

    public Subscribers {
        list = List.copyOf(list);
    }

    public Subscriber find(String environmentId, String organisationId) {
        for (Subscriber s : list) {
            if (s.environmentId().equals(environmentId) && s.organisationId().equals(organisationId)) {
                return s;
            }
        }
        return null;
    }

    public Subscribers with(Subscriber subscriber) {
        List<Subscriber> next = new ArrayList<>(list.size() + 1);
        for (Subscriber s : list) {
            if (!(s.environmentId().equals(subscriber.environmentId())
                    && s.organisationId().equals(subscriber.organisationId()))) {
                next.add(s);
            }
        }
        next.add(subscriber);
        next.sort(ORDER);
        return new Subscribers(next);
    }

    public Subscribers without(String environmentId, String organisationId) {
        return new Subscribers(list.stream().filter(s -> !(s.environmentId().equals(environmentId)
                && s.organisationId().equals(organisationId))).toList());
    }

    public boolean inEnvironment(String environmentId) {
        return list.stream().anyMatch(s -> s.environmentId().equals(environmentId));
    }

    public Set<String> environments() {
        Set<String> envs = new LinkedHashSet<>();
        list.forEach(s -> envs.add(s.environmentId()));
        return envs;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** Compact binary: count, then environment, organisation, version, origin per subscriber. */
    public static Serde<Subscribers> serde() {
        Serializer<Subscribers> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeByte(1);
                out.writeInt(value.list().size());
                for (Subscriber s : value.list()) {
                    out.writeUTF(s.environmentId());
                    out.writeUTF(s.organisationId());
                    out.writeLong(s.version());
                    out.writeUTF(s.origin());
                }
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new SerializationException(e);
            }
        };
        Deserializer<Subscribers> deserializer = (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
                byte format = in.readByte();
                if (format != 1) {
                    throw new SerializationException("unknown subscribers format " + format);
                }
                int n = in.readInt();
                List<Subscriber> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(new Subscriber(in.readUTF(), in.readUTF(), in.readLong(), in.readUTF()));
                }
                return new Subscribers(list);
            } catch (IOException e) {
                throw new SerializationException(e);
            }
        };
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(serializer, deserializer);
    }
}
