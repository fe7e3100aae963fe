package nl.kvksync.contracts;

import java.util.HashMap;
import java.util.Map;

import org.apache.avro.Conversions;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;

/**
 * The wire format of every topic: Confluent framing (magic byte 0, 4-byte content id, Avro binary) written
 * and read by the Apicurio serdes against an Apicurio Registry. Any Confluent-compatible reader can decode it
 * through the registry's {@code /apis/ccompat/v7} API.
 */
public final class AvroWire {

    /** Packages avro 1.12.2 must trust to instantiate the generated classes. */
    public static final String TRUSTED_PACKAGES = "nl.kvksync.contracts";
    public static final String TRUSTED_PACKAGES_PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";

    public static final String SERIALIZER = "io.apicurio.registry.serde.avro.AvroKafkaSerializer";
    public static final String DESERIALIZER = "io.apicurio.registry.serde.avro.AvroKafkaDeserializer";

    /**
     * Avro data for writers that lets a generated record encode itself (Avro's "custom coders": generated code
     * instead of a walk over the schema; the bytes are the same). A custom coder writes the class's own schema
     * whatever schema the writer was given, so use it only for writers of the class's own schema. Classes without
     * custom coders (those with logical types) are written as usual, their nested records by their own coders.
     */
    private static final class SelfEncoding {
        // built on first use, not when AvroWire loads: trustGeneratedPackages() and the constants must not load Avro
        static final SpecificData DATA = selfEncodingData();

        private static SpecificData selfEncodingData() {
            SpecificData data = new SpecificData(AvroWire.class.getClassLoader());
            data.setCustomCoders(true);
            // the conversions the generated classes use (their own models register them): Instant for
            // timestamp-millis, and the other standard ones for types a later schema may use
            data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
            data.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
            data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
            data.addLogicalTypeConversion(new TimeConversions.DateConversion());
            data.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
            data.addLogicalTypeConversion(new Conversions.DecimalConversion());
            data.addLogicalTypeConversion(new Conversions.UUIDConversion());
            return data;
        }
    }

    private AvroWire() {
    }

    /** See {@link SelfEncoding}: for writers of a generated class's own schema only. Thread-safe. */
    public static SpecificData selfEncoding() {
        return SelfEncoding.DATA;
    }

    /**
     * Trusts the generated packages unless the JVM was started with its own list. Call first thing in
     * {@code main}, before any Avro class loads: avro reads the property once.
     */
    public static void trustGeneratedPackages() {
        if (System.getProperty(TRUSTED_PACKAGES_PROPERTY) == null) {
            System.setProperty(TRUSTED_PACKAGES_PROPERTY, TRUSTED_PACKAGES);
        }
    }

    /**
     * Serde configuration for a registry at {@code registryBaseUrl} (http://host:port). Schemas are not
     * registered by the serializer: {@link SubjectRegistrar} registers every subject explicitly, so the
     * registry's compatibility rule guards every topic.
     */
    public static Map<String, Object> serdeConfig(String registryBaseUrl) {
        Map<String, Object> config = new HashMap<>();
        config.put("apicurio.registry.url", registryApiUrl(registryBaseUrl));
        config.put("apicurio.registry.as-confluent", "true");
        // as-confluent implies this handler; naming it too keeps the serdes from warning about a duplicate.
        config.put("apicurio.registry.id-handler", "io.apicurio.registry.serde.Legacy4ByteIdHandler");
        config.put("apicurio.registry.headers.enabled", "false");
        config.put("apicurio.registry.use-id", "contentId");
        config.put("apicurio.registry.auto-register", "false");
        // Without auto-register the serializer would look its schema up by content, and it writes records with
        // nested named types (Registration in RegistrationChanged, Address, enums) as references, which never
        // matches the fully inlined schema SubjectRegistrar registered: "No artifact ... was found". The subject's
        // latest version is the one SubjectRegistrar registered from the same generated class.
        config.put("apicurio.registry.find-latest", "true");
        config.put("apicurio.registry.use-specific-avro-reader", "true");
        config.put("apicurio.registry.avro-datum-provider", CachingAvroDatumProvider.class.getName());
        return config;
    }

    public static String registryApiUrl(String registryBaseUrl) {
        return stripSlash(registryBaseUrl) + "/apis/registry/v2";
    }

    public static String confluentApiUrl(String registryBaseUrl) {
        return stripSlash(registryBaseUrl) + "/apis/ccompat/v7";
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
