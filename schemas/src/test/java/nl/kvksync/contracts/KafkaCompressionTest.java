package nl.kvksync.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;

import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * lz4-java as a Spring Boot executable jar loads it: through a class loader that is not the system one. There Kafka's
 * "fastest" lz4 is the pure-Java codec until {@link KafkaCompression#preferNativeLz4()} has loaded the native library.
 */
@EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "aarch64"})
class KafkaCompressionTest {

    @Test
    void withoutTheHookANonSystemClassLoaderGetsTheJavaCodec() throws Exception {
        try (URLClassLoader boot = isolated()) {
            Object factory = boot.loadClass(LZ4Factory.class.getName()).getMethod("fastestInstance").invoke(null);
            assertThat(factory).hasToString("LZ4Factory:JavaSafe");
        }
    }

    @Test
    void theHookMakesTheNativeCodecTheFastest() throws Exception {
        try (URLClassLoader boot = isolated()) {
            Object codec = boot.loadClass(KafkaCompression.class.getName()).getMethod("preferNativeLz4").invoke(null);
            assertThat(codec).hasToString("LZ4Factory:JNI");
            Object factory = boot.loadClass(LZ4Factory.class.getName()).getMethod("fastestInstance").invoke(null);
            assertThat(factory).hasToString("LZ4Factory:JNI");
        }
    }

    /** lz4-java and this module's classes in a loader of their own (parent: the platform loader, not the system). */
    private static URLClassLoader isolated() {
        URL lz4 = LZ4Factory.class.getProtectionDomain().getCodeSource().getLocation();
        URL schemas = KafkaCompression.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader(new URL[] {lz4, schemas}, ClassLoader.getPlatformClassLoader());
    }
}
