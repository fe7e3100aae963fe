package nl.kvksync.contracts;

import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Kafka's lz4 codec in its native form. Kafka asks lz4-java for its "fastest" codec, and lz4-java hands out the
 * native one only once its native library is loaded or when it was itself loaded by the system class loader; inside
 * a Spring Boot executable jar neither holds, so every service compressed and decompressed its topics with the
 * pure-Java codec (a fifth of the ingestor's run thread and a sixth of the matcher's stream threads while loading a
 * register). Loading the native library first makes "fastest" the native codec; where it cannot load (another
 * platform), Kafka keeps the Java one.
 */
public final class KafkaCompression {

    private KafkaCompression() {
    }

    /**
     * Loads lz4-java's native library if it can; call first thing in {@code main}, before Kafka's clients start.
     *
     * @return the codec Kafka will now get, e.g. {@code LZ4Factory:JNI}
     */
    public static String preferNativeLz4() {
        try {
            LZ4Factory.nativeInstance();
            XXHashFactory.nativeInstance();
        } catch (Throwable notAvailable) {
            // no native library for this platform (or it cannot be loaded here): the Java codec stays
        }
        return LZ4Factory.fastestInstance().toString();
    }
}
